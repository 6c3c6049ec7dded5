// The org's identities (agents, people, services), newest first, with live-token and grant
// counts and their last activity.
import { ListIdentitiesQuery } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { NEWEST_FIRST, afterCursor, decodeCursor, toPage } from "../pagination.ts";
import { requirePermission } from "../require-permission.ts";
import { lastUsedByIdentity } from "./last-used.ts";
import { identityCounts, presentIdentity } from "./present-identity.ts";

export async function listIdentities(ctx: ServiceContext, input: ListIdentitiesQuery = {}) {
  requirePermission(ctx, "read");
  const { limit, cursor, kind } = ListIdentitiesQuery.parse(input);
  const rows = await ctx.db.identity.findMany({
    where: { orgId: ctx.orgId, ...(kind ? { kind } : {}), ...afterCursor(decodeCursor(cursor)) },
    include: { _count: identityCounts(new Date()) },
    orderBy: NEWEST_FIRST,
    take: limit + 1,
  });
  const lastUsed = await lastUsedByIdentity(ctx.db, ctx.orgId, rows.map((row) => row.id));
  return toPage(rows, limit, (row) => presentIdentity(row, lastUsed.get(row.id) ?? null));
}
