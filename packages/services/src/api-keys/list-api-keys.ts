// The org's API keys, newest first, revoked ones included (they say when they were revoked).
import { PageQuery } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { NEWEST_FIRST, afterCursor, decodeCursor, toPage } from "../pagination.ts";
import { requirePermission } from "../require-permission.ts";
import { presentApiKey } from "./present-api-key.ts";

export async function listApiKeys(ctx: ServiceContext, input: PageQuery = {}) {
  requirePermission(ctx, "org:manage");
  const { limit, cursor } = PageQuery.parse(input);
  const rows = await ctx.db.apiKey.findMany({
    where: { orgId: ctx.orgId, ...afterCursor(decodeCursor(cursor)) },
    orderBy: NEWEST_FIRST,
    take: limit + 1,
  });
  return toPage(rows, limit, presentApiKey);
}
