// The org's proxy decision log, newest first, filtered, paged by keyset (createdAt, id).
import { type DecisionLogResponse, ListDecisionLogsQuery, type Page } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { NEWEST_FIRST, afterCursor, decodeCursor, toPage } from "../pagination.ts";
import { requirePermission } from "../require-permission.ts";
import { decisionLogWhere, parseDecisionLogFilter } from "./filter.ts";
import { DECISION_LOG_SELECT, presentDecisionLog } from "./present-decision-log.ts";

export async function listDecisionLogs(ctx: ServiceContext, input: ListDecisionLogsQuery = {}): Promise<Page<DecisionLogResponse>> {
  requirePermission(ctx, "read");
  const { limit, cursor, ...filters } = ListDecisionLogsQuery.parse(input);
  const filter = parseDecisionLogFilter(filters);
  const rows = await ctx.db.decisionLog.findMany({
    where: { AND: [decisionLogWhere(ctx.orgId, filter), afterCursor(decodeCursor(cursor))] },
    select: DECISION_LOG_SELECT,
    orderBy: NEWEST_FIRST,
    take: limit + 1,
  });
  return toPage(rows, limit, presentDecisionLog);
}
