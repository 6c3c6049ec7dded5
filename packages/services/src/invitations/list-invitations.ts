// The org's invitations, newest first, optionally one status (`pending` for the members page).
import { ListInvitationsQuery } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { NEWEST_FIRST, afterCursor, decodeCursor, toPage } from "../pagination.ts";
import { requirePermission } from "../require-permission.ts";
import { presentInvitation, whereStatus } from "./present-invitation.ts";

export async function listInvitations(ctx: ServiceContext, input: ListInvitationsQuery = {}) {
  requirePermission(ctx, "members:manage");
  const { limit, cursor, status } = ListInvitationsQuery.parse(input);
  const rows = await ctx.db.invitation.findMany({
    where: { orgId: ctx.orgId, ...whereStatus(status), ...afterCursor(decodeCursor(cursor)) },
    orderBy: NEWEST_FIRST,
    take: limit + 1,
  });
  return toPage(rows, limit, presentInvitation);
}
