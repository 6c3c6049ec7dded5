// approval.consumed — a proxy let the approved call through (exactly once); record it.
import { z } from "zod";
import { defineJob, safeJobId } from "./define-job.ts";

export const ApprovalConsumedPayload = z.object({ orgId: z.string().min(1), approvalId: z.string().min(1), consumedAt: z.iso.datetime() });
export type ApprovalConsumedPayload = z.infer<typeof ApprovalConsumedPayload>;

export const approvalConsumed = defineJob({
  name: "approval.consumed",
  queue: "approvals",
  payload: ApprovalConsumedPayload,
  jobId: (p) => safeJobId("approval.consumed", p.approvalId),
  attempts: 10,
  backoff: { type: "exponential", delayMs: 1000 },
});
