// The org's grants (identity × server → policy), newest first, with the names the dashboard
// shows; `identityId` / `serverId` narrow it to one identity's or one server's page.
import { ListGrantsQuery } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { NEWEST_FIRST, afterCursor, decodeCursor, toPage } from "../pagination.ts";
import { requirePermission } from "../require-permission.ts";
import { grantSelect, presentGrant } from "./present-grant.ts";

export async function listGrants(ctx: ServiceContext, input: ListGrantsQuery = {}) {
  requirePermission(ctx, "read");
  const { limit, cursor, identityId, serverId } = ListGrantsQuery.parse(input);
  const rows = await ctx.db.grant.findMany({
    where: { orgId: ctx.orgId, ...(identityId ? { identityId } : {}), ...(serverId ? { serverId } : {}), ...afterCursor(decodeCursor(cursor)) },
    select: grantSelect,
    orderBy: NEWEST_FIRST,
    take: limit + 1,
  });
  return toPage(rows, limit, presentGrant);
}
