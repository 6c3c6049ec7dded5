// Approve or deny one pending request. Decided once: a second decision, or one after the expiry,
// is a 409. The decision is written to Postgres and to the live state in Redis in one step (the
// Redis write happens inside the transaction, so a Redis failure rolls the decision back), then
// published so the proxy replica holding the call releases it at once.
import { type ApprovalDecision, type ApprovalResponse, ApproveApprovalInput, AppError, DenyApprovalInput, conflict, forbidden } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import { type ServiceContext, actorId } from "../context.ts";
import { afterCommit, transact } from "../transaction.ts";
import { requirePermission } from "../require-permission.ts";
import { approvalsOf, bindingOf, getApprovalInOrg, mayDecide } from "./internal.ts";
import { loadApprovalNames, presentApproval } from "./present-approval.ts";
import { emitApprovalEvent } from "./emit-approval-event.ts";

export type DecideApprovalInput = { approvalId: string; decision: ApprovalDecision; reason?: string | undefined };

/** How long an approved call stays consumable when nothing else is known. */
const FALLBACK_CONSUMABLE_MS = 10 * 60_000;

export async function decideApproval(ctx: ServiceContext, input: DecideApprovalInput): Promise<ApprovalResponse> {
  requirePermission(ctx, "read");
  const { reason } = input.decision === "deny" ? DenyApprovalInput.parse({ reason: input.reason }) : ApproveApprovalInput.parse({ reason: input.reason });
  const status = input.decision === "approve" ? "approved" : "denied";
  const state = approvalsOf(ctx);
  const row = await transact(ctx, async (tx, txCtx) => {
    const existing = await getApprovalInOrg(txCtx, input.approvalId);
    if (!mayDecide(ctx.role, existing.approverRoles)) throw forbidden("Your role may not decide this request.");
    if (existing.status !== "pending") throw conflict(`This request was already ${existing.status}.`);
    const now = new Date();
    if (existing.expiresAt.getTime() <= now.getTime()) throw conflict("This request has expired.");
    // Returning the row saves a read: the release of a held call waits for this transaction.
    const [updated] = await tx.approvalRequest.updateManyAndReturn({
      where: { id: existing.id, orgId: ctx.orgId, status: "pending" },
      data: { status, decidedAt: now, decidedById: actorId(ctx.actor), decisionReason: reason ?? null },
    });
    if (!updated) throw conflict("This request was decided meanwhile.");
    await recordAudit(txCtx, tx, {
      action: `approval.${input.decision}`,
      targetType: "approval",
      targetId: existing.id,
      data: { toolName: existing.toolName, serverId: existing.serverId, identityId: existing.identityId, reason: reason ?? null },
    });
    const consumableMs = Math.max(existing.expiresAt.getTime() - existing.requestedAt.getTime(), FALLBACK_CONSUMABLE_MS);
    const settled = await state.settle(bindingOf(existing), existing.id, {
      status,
      reason: reason ?? null,
      decidedBy: actorId(ctx.actor),
      now: now.getTime(),
      expiresAtMs: existing.expiresAt.getTime(),
      consumableMs,
    });
    if (settled === "expired") throw conflict("This request has expired.");
    if (settled !== "ok") throw conflict(`This request was already ${settled}.`);
    await afterCommit(txCtx, `approval.decided:${existing.id}`, () =>
      emitApprovalEvent(ctx, { type: "approval.decided", approvalId: existing.id, status, reason: reason ?? null }),
    );
    return updated;
  });
  return presentApproval(ctx, row, await loadApprovalNames(ctx, [row]));
}

export function isConflict(error: unknown): boolean {
  return error instanceof AppError && error.code === "conflict";
}
