// GET /servers: the org's servers, newest first, one keyset page at a time.
import { type Page, PageQuery, type ServerResponse } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { NEWEST_FIRST, afterCursor, decodeCursor, toPage } from "../pagination.ts";
import { requirePermission } from "../require-permission.ts";
import { toolCountsOf } from "./get-server.ts";
import { presentServer } from "./present-server.ts";

export async function listServerPage(ctx: ServiceContext, input: PageQuery & { proxyOrigin: string }): Promise<Page<ServerResponse>> {
  requirePermission(ctx, "read");
  const { limit, cursor } = PageQuery.parse(input);
  const rows = await ctx.db.server.findMany({
    where: { orgId: ctx.orgId, ...afterCursor(decodeCursor(cursor)) },
    orderBy: NEWEST_FIRST,
    take: limit + 1,
  });
  const counts = await toolCountsOf(ctx, rows.map((r) => r.id));
  return toPage(rows, limit, (row) => presentServer(row, counts.get(row.id) ?? { toolCount: 0, toolsNeedingReview: 0 }, input.proxyOrigin));
}
