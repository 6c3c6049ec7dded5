// One server of the caller's org, with its tool counts, as the API shows it.
import type { ServerResponse } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { dbOf } from "../db-of.ts";
import { requirePermission } from "../require-permission.ts";
import { getServerInOrg } from "./internal.ts";
import { presentServer } from "./present-server.ts";

export async function getServer(ctx: ServiceContext, input: { serverId: string; proxyOrigin: string }): Promise<ServerResponse> {
  requirePermission(ctx, "read");
  const server = await getServerInOrg(ctx, input.serverId);
  const counts = await toolCountsOf(ctx, [server.id]);
  return presentServer(server, counts.get(server.id) ?? { toolCount: 0, toolsNeedingReview: 0 }, input.proxyOrigin);
}

/** Live tools and tools waiting for review, per server. */
export async function toolCountsOf(ctx: ServiceContext, serverIds: string[]) {
  const rows = await dbOf(ctx).tool.groupBy({
    by: ["serverId", "status"],
    where: { orgId: ctx.orgId, serverId: { in: serverIds } },
    _count: { _all: true },
  });
  const counts = new Map<string, { toolCount: number; toolsNeedingReview: number }>();
  for (const row of rows) {
    const entry = counts.get(row.serverId) ?? { toolCount: 0, toolsNeedingReview: 0 };
    if (row.status !== "removed") entry.toolCount += row._count._all;
    if (row.status === "changed" || row.status === "quarantined") entry.toolsNeedingReview += row._count._all;
    counts.set(row.serverId, entry);
  }
  return counts;
}
