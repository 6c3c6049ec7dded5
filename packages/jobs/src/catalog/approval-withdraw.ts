// approval.withdraw — the agent cancelled the MCP task waiting on a request (the proxy already
// marked it cancelled in Redis); record it. Retried while approval.persist has not stored the row yet.
import { z } from "zod";
import { defineJob, safeJobId } from "./define-job.ts";

export const ApprovalWithdrawPayload = z.object({ orgId: z.string().min(1), approvalId: z.string().min(1), taskId: z.string().min(1), withdrawnAt: z.iso.datetime() });
export type ApprovalWithdrawPayload = z.infer<typeof ApprovalWithdrawPayload>;

export const approvalWithdraw = defineJob({
  name: "approval.withdraw",
  queue: "approvals",
  payload: ApprovalWithdrawPayload,
  jobId: (p) => safeJobId("approval.withdraw", p.approvalId),
  attempts: 10,
  backoff: { type: "exponential", delayMs: 500 },
});
