// approval.notify — email the members whose role may decide a new approval request.
import { z } from "zod";
import { defineJob, safeJobId } from "./define-job.ts";

export const ApprovalNotifyPayload = z.object({ orgId: z.string().min(1), approvalId: z.string().min(1) });
export type ApprovalNotifyPayload = z.infer<typeof ApprovalNotifyPayload>;

export const approvalNotify = defineJob({
  name: "approval.notify",
  queue: "approvals",
  payload: ApprovalNotifyPayload,
  jobId: (p) => safeJobId("approval.notify", p.approvalId),
  attempts: 5,
  backoff: { type: "exponential", delayMs: 2000 },
});
