// approval.withdraw's verb: the agent cancelled the MCP task that waited on this request, so
// nobody needs a decision any more. The proxy already made it `cancelled` in Redis (deciding it
// there now answers 409); this records it, with its audit event, and tells open inboxes.
// Throws while the row does not exist yet (approval.persist still queued) so the job retries.
import type { ServiceContext } from "../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { afterCommit, transact } from "../transaction.ts";
import { emitApprovalEvent } from "./emit-approval-event.ts";

export async function withdrawApproval(ctx: ServiceContext, input: { approvalId: string; taskId: string; withdrawnAt: string }): Promise<{ withdrawn: boolean }> {
  return transact(ctx, async (tx, txCtx) => {
    const row = await tx.approvalRequest.findFirst({ where: { id: input.approvalId, orgId: ctx.orgId } });
    if (!row) throw new Error(`approval ${input.approvalId} is not stored yet`);
    if (row.status !== "pending") return { withdrawn: false };
    await tx.approvalRequest.update({ where: { id: row.id }, data: { status: "cancelled", decidedAt: new Date(input.withdrawnAt), decisionReason: "The agent cancelled its task." } });
    await recordAudit(txCtx, tx, { action: "approval.withdraw", targetType: "approval", targetId: row.id, data: { toolName: row.toolName, taskId: input.taskId } });
    await afterCommit(txCtx, `approval.cancelled:${row.id}`, () => emitApprovalEvent(ctx, { type: "approval.cancelled", approvalId: row.id, status: "cancelled", reason: null }));
    return { withdrawn: true };
  });
}
