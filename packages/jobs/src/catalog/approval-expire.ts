// approval.expire — delayed until the request's expiry: a request still pending then is expired
// (which denies it). Deciding first makes this job a no-op.
import { z } from "zod";
import { defineJob, safeJobId } from "./define-job.ts";

export const ApprovalExpirePayload = z.object({ orgId: z.string().min(1), approvalId: z.string().min(1) });
export type ApprovalExpirePayload = z.infer<typeof ApprovalExpirePayload>;

export const approvalExpire = defineJob({
  name: "approval.expire",
  queue: "approvals",
  payload: ApprovalExpirePayload,
  jobId: (p) => safeJobId("approval.expire", p.approvalId),
  attempts: 10,
  backoff: { type: "exponential", delayMs: 1000 },
});
