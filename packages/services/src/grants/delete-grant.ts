// Removes a grant: the identity can no longer reach that server (403 from the next call).
import { recordAudit } from "../audit/record-audit.ts";
import { refreshBundle } from "../bundles/refresh-bundle.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { transact } from "../transaction.ts";
import { getGrantInOrg } from "./internal.ts";

export async function deleteGrant(ctx: ServiceContext, input: { grantId: string }): Promise<void> {
  requirePermission(ctx, "grants:write");
  await transact(ctx, async (tx, txCtx) => {
    const grant = await getGrantInOrg(txCtx, input.grantId);
    await tx.grant.delete({ where: { id: grant.id, orgId: ctx.orgId } });
    await recordAudit(ctx, tx, { action: "grant.delete", targetType: "grant", targetId: grant.id, data: { identityId: grant.identityId, serverId: grant.serverId, policyId: grant.policyId } });
  });
  await refreshBundle(ctx);
}
