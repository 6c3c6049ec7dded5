// An identity's tokens, newest first, revoked and expired ones included (their status says so).
import { PageQuery } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { getIdentityInOrg } from "../identities/internal.ts";
import { NEWEST_FIRST, afterCursor, decodeCursor, toPage } from "../pagination.ts";
import { requirePermission } from "../require-permission.ts";
import { presentToken } from "./present-token.ts";

export async function listTokens(ctx: ServiceContext, input: PageQuery & { identityId: string }) {
  requirePermission(ctx, "read");
  const { limit, cursor } = PageQuery.parse(input);
  const identity = await getIdentityInOrg(ctx, input.identityId);
  const rows = await ctx.db.token.findMany({
    where: { orgId: ctx.orgId, identityId: identity.id, ...afterCursor(decodeCursor(cursor)) },
    orderBy: NEWEST_FIRST,
    take: limit + 1,
  });
  const now = new Date();
  return toPage(rows, limit, (row) => presentToken(row, now));
}
