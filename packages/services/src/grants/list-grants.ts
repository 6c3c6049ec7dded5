// The org's grants (identity × server → policy), with the names the dashboard shows.
import { ListQueryInput } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";

export async function listGrants(ctx: ServiceContext, input: ListQueryInput = {}) {
  requirePermission(ctx, "read");
  const { limit } = ListQueryInput.parse(input);
  return ctx.db.grant.findMany({
    where: { orgId: ctx.orgId },
    select: {
      id: true,
      enabled: true,
      expiresAt: true,
      createdAt: true,
      identity: { select: { id: true, name: true } },
      server: { select: { id: true, name: true } },
      policy: { select: { id: true, name: true } },
    },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
}
