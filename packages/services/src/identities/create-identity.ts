// An agent, person or service (a CI job, a scheduled task) that will hold tokens and grants.
import { CreateIdentityInput, newId } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import { conflictOnDuplicate } from "../conflict-on-duplicate.ts";
import { refreshBundle } from "../bundles/refresh-bundle.ts";
import type { ServiceContext } from "../context.ts";
import { transact } from "../transaction.ts";
import { requirePermission } from "../require-permission.ts";

export async function createIdentity(ctx: ServiceContext, input: CreateIdentityInput) {
  requirePermission(ctx, "identities:write");
  const data = CreateIdentityInput.parse(input);
  const identity = await conflictOnDuplicate(`An identity named "${data.name}" already exists.`, () =>
    transact(ctx, async (tx) => {
      const identity = await tx.identity.create({
        data: { id: newId("identity"), orgId: ctx.orgId, name: data.name, kind: data.kind, description: data.description ?? null, labels: data.labels },
      });
      await recordAudit(ctx, tx, { action: "identity.create", targetType: "identity", targetId: identity.id, data: { name: identity.name, kind: identity.kind } });
      return identity;
    }),
  );
  await refreshBundle(ctx);
  return identity;
}
