// The org's registered servers, newest first, for the Servers page and the API.
import { ListQueryInput } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";

export async function listServers(ctx: ServiceContext, input: ListQueryInput = {}) {
  requirePermission(ctx, "read");
  const { limit } = ListQueryInput.parse(input);
  return ctx.db.server.findMany({
    where: { orgId: ctx.orgId },
    select: {
      id: true,
      name: true,
      description: true,
      upstreamUrl: true,
      transport: true,
      enabled: true,
      upstreamAuthHint: true,
      lastDiscoveredAt: true,
      createdAt: true,
      _count: { select: { tools: { where: { removedAt: null } } } },
    },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
}
