// Renames, relabels, re-describes, disables or re-enables an identity. Disabling keeps its tokens
// and grants but the rebuilt bundle marks it disabled, so the proxy refuses it on the next call.
import { UpdateIdentityInput } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import { refreshBundle } from "../bundles/refresh-bundle.ts";
import { conflictOnDuplicate } from "../conflict-on-duplicate.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { transact } from "../transaction.ts";
import { getIdentity } from "./get-identity.ts";
import { getIdentityInOrg } from "./internal.ts";

export async function updateIdentity(ctx: ServiceContext, input: UpdateIdentityInput & { identityId: string }) {
  requirePermission(ctx, "identities:write");
  const { identityId } = input;
  const changes = UpdateIdentityInput.parse(input);
  const name = changes.name ?? "";
  await conflictOnDuplicate(`An identity named "${name}" already exists.`, () =>
    transact(ctx, async (tx, txCtx) => {
      const existing = await getIdentityInOrg(txCtx, identityId);
      const disabledAt = changes.disabled === undefined ? undefined : changes.disabled ? (existing.disabledAt ?? new Date()) : null;
      await tx.identity.update({
        where: { id: existing.id, orgId: ctx.orgId },
        data: {
          ...(changes.name !== undefined ? { name: changes.name } : {}),
          ...(changes.kind !== undefined ? { kind: changes.kind } : {}),
          ...(changes.description !== undefined ? { description: changes.description } : {}),
          ...(changes.labels !== undefined ? { labels: changes.labels } : {}),
          ...(disabledAt !== undefined ? { disabledAt } : {}),
        },
      });
      await recordAudit(ctx, tx, { action: "identity.update", targetType: "identity", targetId: existing.id, data: { changed: Object.keys(changes) } });
    }),
  );
  await refreshBundle(ctx);
  return getIdentity(ctx, { identityId });
}
