// An agent, person or automation that will hold tokens and grants.
import { isUniqueViolation } from "@gatehouse/db";
import { AppError, CreateIdentityInput, newId } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import { refreshBundle } from "../bundles/refresh-bundle.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";

export async function createIdentity(ctx: ServiceContext, input: CreateIdentityInput) {
  const identity = await insertIdentity(ctx, input);
  await refreshBundle(ctx);
  return identity;
}

async function insertIdentity(ctx: ServiceContext, input: CreateIdentityInput) {
  requirePermission(ctx, "identities:write");
  const data = CreateIdentityInput.parse(input);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const identity = await tx.identity.create({
        data: { id: newId("identity"), orgId: ctx.orgId, name: data.name, kind: data.kind, description: data.description ?? null, labels: data.labels },
      });
      await recordAudit(ctx, tx, { action: "identity.create", targetType: "identity", targetId: identity.id, data: { name: identity.name, kind: identity.kind } });
      return identity;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `An identity named "${data.name}" already exists.`);
    throw error;
  }
}
