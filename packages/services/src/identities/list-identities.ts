// The org's identities (agents, people, automations) with how many live tokens and grants each has.
import { ListQueryInput } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";

export async function listIdentities(ctx: ServiceContext, input: ListQueryInput = {}) {
  requirePermission(ctx, "read");
  const { limit } = ListQueryInput.parse(input);
  return ctx.db.identity.findMany({
    where: { orgId: ctx.orgId },
    select: {
      id: true,
      name: true,
      kind: true,
      description: true,
      labels: true,
      disabledAt: true,
      createdAt: true,
      _count: { select: { tokens: { where: { revokedAt: null } }, grants: true } },
    },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
}
