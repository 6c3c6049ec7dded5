// Every row matching a filter, newest first, as an async sequence of batches: the export route
// turns it into a CSV or NDJSON stream. Constant memory for any size: one keyset page of
// `batchSize` rows is in memory at a time, and the next is read only when the consumer asks.
import type { DecisionLogFilterInput, DecisionLogResponse } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { NEWEST_FIRST, afterCursor } from "../pagination.ts";
import { requirePermission } from "../require-permission.ts";
import { decisionLogWhere, parseDecisionLogFilter } from "./filter.ts";
import { DECISION_LOG_SELECT, presentDecisionLog } from "./present-decision-log.ts";

/** Validates and authorizes now (so the route can still answer 400/403), then reads lazily. */
export function exportDecisionLogs(ctx: ServiceContext, input: DecisionLogFilterInput = {}, batchSize = 1000): AsyncIterable<DecisionLogResponse[]> {
  requirePermission(ctx, "read");
  const filter = parseDecisionLogFilter(input);
  // The export's end is fixed when it starts: rows arriving while it streams are not chased.
  const where = decisionLogWhere(ctx.orgId, { ...filter, to: filter.to ?? new Date() });
  return {
    async *[Symbol.asyncIterator]() {
      let cursor: { createdAt: Date; id: string } | undefined;
      for (;;) {
        const rows = await ctx.db.decisionLog.findMany({ where: { AND: [where, afterCursor(cursor)] }, select: DECISION_LOG_SELECT, orderBy: NEWEST_FIRST, take: batchSize });
        if (rows.length > 0) yield rows.map(presentDecisionLog);
        const last = rows[rows.length - 1];
        if (!last || rows.length < batchSize) return;
        cursor = { createdAt: last.createdAt, id: last.id };
      }
    },
  };
}
