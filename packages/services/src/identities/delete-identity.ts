// Deletes an identity with its tokens and grants (the database cascades); the rebuilt bundle no
// longer carries them, so the proxy refuses its tokens on the next call.
import { recordAudit } from "../audit/record-audit.ts";
import { refreshBundle } from "../bundles/refresh-bundle.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { transact } from "../transaction.ts";
import { getIdentityInOrg } from "./internal.ts";

export async function deleteIdentity(ctx: ServiceContext, input: { identityId: string }): Promise<void> {
  requirePermission(ctx, "identities:write");
  await transact(ctx, async (tx, txCtx) => {
    const identity = await getIdentityInOrg(txCtx, input.identityId);
    await tx.identity.delete({ where: { id: identity.id, orgId: ctx.orgId } });
    await recordAudit(ctx, tx, { action: "identity.delete", targetType: "identity", targetId: identity.id, data: { name: identity.name, kind: identity.kind } });
  });
  await refreshBundle(ctx);
}
