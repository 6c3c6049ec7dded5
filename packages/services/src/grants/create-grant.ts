// Grants an identity access to a server under a policy (or none: then every call is denied).
import { AppError, CreateGrantInput, newId, notFound } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import { conflictOnDuplicate } from "../conflict-on-duplicate.ts";
import { refreshBundle } from "../bundles/refresh-bundle.ts";
import type { ServiceContext } from "../context.ts";
import { transact } from "../transaction.ts";
import { requirePermission } from "../require-permission.ts";

export async function createGrant(ctx: ServiceContext, input: CreateGrantInput) {
  requirePermission(ctx, "grants:write");
  const data = CreateGrantInput.parse(input);
  const grant = await conflictOnDuplicate("This identity already has a grant on this server.", () =>
    transact(ctx, async (tx) => {
      const [identity, server, policy] = await Promise.all([
        tx.identity.findFirst({ where: { id: data.identityId, orgId: ctx.orgId }, select: { id: true } }),
        tx.server.findFirst({ where: { id: data.serverId, orgId: ctx.orgId }, select: { id: true } }),
        data.policyId ? tx.policy.findFirst({ where: { id: data.policyId, orgId: ctx.orgId }, select: { id: true, serverId: true } }) : null,
      ]);
      if (!identity) throw notFound("Identity");
      if (!server) throw notFound("Server");
      if (data.policyId && !policy) throw notFound("Policy");
      if (policy && policy.serverId !== server.id) throw new AppError("validation_failed", "That policy belongs to another server.");
      const grant = await tx.grant.create({
        data: {
          id: newId("grant"),
          orgId: ctx.orgId,
          identityId: identity.id,
          serverId: server.id,
          policyId: policy?.id ?? null,
          enabled: data.enabled,
          expiresAt: data.expiresAt ?? null,
        },
      });
      await recordAudit(ctx, tx, { action: "grant.create", targetType: "grant", targetId: grant.id, data: { identityId: identity.id, serverId: server.id, policyId: grant.policyId } });
      return grant;
    }),
  );
  await refreshBundle(ctx);
  return grant;
}
