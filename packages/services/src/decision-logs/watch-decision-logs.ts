// The live tail: rows of the caller's org, as the worker stores them, that match the list's
// filters. The source is the Redis pub/sub tail (@gatehouse/jobs createDecisionTail); this verb
// owns who may watch, which org's channel, and what a row looks like.
import { type DecisionEvent, type DecisionLogFilterInput, type DecisionLogResponse, matchesDecisionLogFilter } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { parseDecisionLogFilter } from "./filter.ts";
import { presentDecisionLog } from "./present-decision-log.ts";

export type DecisionEventSource = { subscribe(orgId: string, onEvents: (events: DecisionEvent[]) => void): Promise<() => void> };

/** Subscribes; resolves to the unsubscribe function. Rows come newest last within a batch. */
export async function watchDecisionLogs(
  ctx: ServiceContext,
  input: DecisionLogFilterInput,
  source: DecisionEventSource,
  onRows: (rows: DecisionLogResponse[]) => void,
): Promise<() => void> {
  requirePermission(ctx, "read");
  // The time range makes no sense for rows still to come; every other filter applies.
  const { from: _from, to: _to, ...filter } = parseDecisionLogFilter(input);
  return source.subscribe(ctx.orgId, (events) => {
    const rows = events
      .filter((event) => event.orgId === ctx.orgId)
      .map((event) => presentDecisionLog({ ...event, violationPaths: event.violationPaths ?? [], createdAt: new Date(event.at) }))
      .filter((row) => matchesDecisionLogFilter(row, filter));
    if (rows.length > 0) onRows(rows);
  });
}
