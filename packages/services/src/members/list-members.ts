// The org's members, newest first. Every role may read it: who can change things is not a secret.
import { PageQuery } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { NEWEST_FIRST, afterCursor, decodeCursor, toPage } from "../pagination.ts";
import { requirePermission } from "../require-permission.ts";
import { presentMember } from "./present-member.ts";

export async function listMembers(ctx: ServiceContext, input: PageQuery = {}) {
  requirePermission(ctx, "read");
  const { limit, cursor } = PageQuery.parse(input);
  const rows = await ctx.db.membership.findMany({
    where: { orgId: ctx.orgId, ...afterCursor(decodeCursor(cursor)) },
    include: { user: { select: { id: true, email: true, name: true } } },
    orderBy: NEWEST_FIRST,
    take: limit + 1,
  });
  return toPage(rows, limit, presentMember);
}
