// Revokes a token at once: the rebuilt bundle leaves it out, so proxies refuse it with 401 from
// the first request after the announcement. Revoking a revoked token changes nothing.
import { RevokeTokenInput, notFound } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import { refreshBundle } from "../bundles/refresh-bundle.ts";
import type { ServiceContext } from "../context.ts";
import { transact } from "../transaction.ts";
import { requirePermission } from "../require-permission.ts";

export async function revokeToken(ctx: ServiceContext, input: RevokeTokenInput) {
  requirePermission(ctx, "tokens:write");
  const data = RevokeTokenInput.parse(input);
  const token = await transact(ctx, async (tx) => {
    const existing = await tx.token.findFirst({ where: { id: data.tokenId, orgId: ctx.orgId } });
    if (!existing) throw notFound("Token");
    if (existing.revokedAt) return existing;
    const revoked = await tx.token.update({ where: { id: existing.id, orgId: ctx.orgId }, data: { revokedAt: new Date() } });
    await recordAudit(ctx, tx, { action: "token.revoke", targetType: "token", targetId: revoked.id, data: { identityId: revoked.identityId, prefix: revoked.prefix } });
    return revoked;
  });
  await refreshBundle(ctx);
  return token;
}
