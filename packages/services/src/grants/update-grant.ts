// Changes a grant's policy, enabled flag or expiry. Fields left out are kept; `policyId: null`
// detaches the policy (every call is then denied with "(no policy)").
import { AppError, UpdateGrantInput, notFound } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import { refreshBundle } from "../bundles/refresh-bundle.ts";
import type { ServiceContext } from "../context.ts";
import { transact } from "../transaction.ts";
import { requirePermission } from "../require-permission.ts";

export async function updateGrant(ctx: ServiceContext, input: UpdateGrantInput) {
  requirePermission(ctx, "grants:write");
  const { grantId, ...changes } = UpdateGrantInput.parse(input);
  const grant = await transact(ctx, async (tx) => {
    const existing = await tx.grant.findFirst({ where: { id: grantId, orgId: ctx.orgId }, select: { id: true, serverId: true } });
    if (!existing) throw notFound("Grant");
    if (changes.policyId) {
      const policy = await tx.policy.findFirst({ where: { id: changes.policyId, orgId: ctx.orgId }, select: { serverId: true } });
      if (!policy) throw notFound("Policy");
      if (policy.serverId !== existing.serverId) throw new AppError("validation_failed", "That policy belongs to another server.");
    }
    const updated = await tx.grant.update({
      where: { id: existing.id, orgId: ctx.orgId },
      data: {
        ...(changes.policyId !== undefined ? { policyId: changes.policyId } : {}),
        ...(changes.enabled !== undefined ? { enabled: changes.enabled } : {}),
        ...(changes.expiresAt !== undefined ? { expiresAt: changes.expiresAt } : {}),
      },
    });
    await recordAudit(ctx, tx, {
      action: "grant.update",
      targetType: "grant",
      targetId: updated.id,
      data: { policyId: updated.policyId, enabled: updated.enabled, expiresAt: updated.expiresAt?.toISOString() ?? null },
    });
    return updated;
  });
  await refreshBundle(ctx);
  return grant;
}
