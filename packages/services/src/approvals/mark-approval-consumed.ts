// approval.consumed's verb: the proxy let the approved call through. Recorded for the history;
// the exactly-once guarantee itself lives in the Redis claim, not here.
import type { ServiceContext } from "../context.ts";
import { emitApprovalEvent } from "./emit-approval-event.ts";

export async function markApprovalConsumed(ctx: ServiceContext, input: { approvalId: string; consumedAt: string }): Promise<{ updated: boolean }> {
  const updated = await ctx.db.approvalRequest.updateMany({
    where: { id: input.approvalId, orgId: ctx.orgId, status: "approved" },
    data: { status: "consumed", consumedAt: new Date(input.consumedAt) },
  });
  if (updated.count === 1) await emitApprovalEvent(ctx, { type: "approval.consumed", approvalId: input.approvalId, status: "consumed", reason: null });
  return { updated: updated.count === 1 };
}
