// approval.persist's verb: store a request the proxy created in Redis (idempotent: BullMQ may run
// the job twice), then schedule its expiry, ask for notifications and announce it to inboxes.
// Runs as the system in the request's org; the arguments arrive sealed by the proxy.
import { approvalExpire, approvalNotify, type ApprovalPersistPayload } from "@gatehouse/jobs";
import type { ServiceContext } from "../context.ts";
import { emitApprovalEvent } from "./emit-approval-event.ts";
import { bindingOf } from "./internal.ts";

export async function recordApprovalRequest(ctx: ServiceContext, p: ApprovalPersistPayload): Promise<{ created: boolean }> {
  if (p.orgId !== ctx.orgId) throw new Error("approval.persist for another org");
  const server = await ctx.db.server.findFirst({ where: { id: p.serverId, orgId: ctx.orgId }, select: { id: true } });
  const identity = await ctx.db.identity.findFirst({ where: { id: p.identityId, orgId: ctx.orgId }, select: { id: true } });
  // Deleted meanwhile: nothing to ask about. The proxy's pending state expires on its own.
  if (!server || !identity) return { created: false };
  const inserted = await ctx.db.approvalRequest.createMany({
    data: [
      {
        id: p.approvalId,
        orgId: ctx.orgId,
        serverId: p.serverId,
        identityId: p.identityId,
        grantId: p.grantId,
        toolName: p.toolName,
        argsHash: p.argsHash,
        argKeys: p.argKeys,
        argsEnc: p.argsEnc,
        policyVersionId: p.policyVersionId,
        bundleRevision: p.bundleRevision,
        rule: p.rule,
        approverRoles: p.roles,
        requestedAt: new Date(p.requestedAt),
        expiresAt: new Date(p.expiresAt),
      },
    ],
    skipDuplicates: true,
  });
  const row = await ctx.db.approvalRequest.findFirst({ where: { id: p.approvalId, orgId: ctx.orgId } });
  if (!row) return { created: false };
  if (row.status === "pending" && ctx.approvals) {
    // Redis keeps nothing on disk: if it restarted since the proxy created the state, put it back.
    await ctx.approvals.restore(bindingOf(row), row.id, row.requestedAt.getTime(), row.expiresAt.getTime(), p.timeoutMs);
  }
  if (ctx.jobs) {
    await ctx.jobs.enqueue(approvalExpire, { orgId: ctx.orgId, approvalId: row.id }, { delayMs: row.expiresAt.getTime() - Date.now() });
    if (inserted.count === 1) await ctx.jobs.enqueue(approvalNotify, { orgId: ctx.orgId, approvalId: row.id });
  }
  if (inserted.count === 1) await emitApprovalEvent(ctx, { type: "approval.requested", approvalId: row.id, status: row.status, reason: null });
  return { created: inserted.count === 1 };
}
