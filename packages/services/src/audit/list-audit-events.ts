// The org's audit trail, newest first, filtered by actor, action, target and time. Every role may
// read it (DESIGN.md: the viewer is also the auditor); events carry no secrets.
import { ListAuditEventsQuery } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { NEWEST_FIRST, afterCursor, decodeCursor, toPage } from "../pagination.ts";
import { requirePermission } from "../require-permission.ts";
import { auditWhere, presentAuditEvent } from "./present-audit-event.ts";

export async function listAuditEvents(ctx: ServiceContext, input: ListAuditEventsQuery = {}) {
  requirePermission(ctx, "read");
  const { limit, cursor, ...filters } = ListAuditEventsQuery.parse(input);
  const rows = await ctx.db.auditEvent.findMany({
    where: { AND: [auditWhere(ctx.orgId, filters), afterCursor(decodeCursor(cursor))] },
    orderBy: NEWEST_FIRST,
    take: limit + 1,
  });
  return toPage(rows, limit, presentAuditEvent);
}
