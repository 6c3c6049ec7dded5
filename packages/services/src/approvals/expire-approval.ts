// approval.expire's verb: a request still pending at its expiry is expired, which denies it.
// A decided request is left alone; a job that runs early (clock skew) leaves it pending.
import type { ServiceContext } from "../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { afterCommit, transact } from "../transaction.ts";
import { emitApprovalEvent } from "./emit-approval-event.ts";
import { approvalsOf, bindingOf } from "./internal.ts";

export async function expireApproval(ctx: ServiceContext, input: { approvalId: string }, now = new Date()): Promise<{ expired: boolean }> {
  const state = approvalsOf(ctx);
  return transact(ctx, async (tx, txCtx) => {
    const row = await tx.approvalRequest.findFirst({ where: { id: input.approvalId, orgId: ctx.orgId } });
    if (row?.status !== "pending" || row.expiresAt.getTime() > now.getTime()) return { expired: false };
    await tx.approvalRequest.update({ where: { id: row.id }, data: { status: "expired", decidedAt: now } });
    await recordAudit(txCtx, tx, { action: "approval.expire", targetType: "approval", targetId: row.id, data: { toolName: row.toolName } });
    await state.settle(bindingOf(row), row.id, {
      status: "expired",
      reason: null,
      decidedBy: null,
      now: now.getTime(),
      expiresAtMs: row.expiresAt.getTime(),
      consumableMs: 0,
    });
    await afterCommit(txCtx, `approval.expired:${row.id}`, () => emitApprovalEvent(ctx, { type: "approval.expired", approvalId: row.id, status: "expired", reason: null }));
    return { expired: true };
  });
}
