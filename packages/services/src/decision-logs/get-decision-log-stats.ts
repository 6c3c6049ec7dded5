// Aggregates for the log's charts over one time range: counts per outcome per hour or day, the
// tools and rules that refuse most, and latency percentiles. Computed from the rows in one pass;
// see docs/adr/0005 for the measured cost at a million rows and why there is no rollup table yet.
import { DecisionLogStatsQuery, type DecisionLogStatsResponse, DecisionOutcome, REFUSED_OUTCOMES, validationFailed } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { decisionLogSqlWhere, parseDecisionLogFilter } from "./filter.ts";

const HOUR_MS = 3_600_000;
const BUCKET_MS = { hour: HOUR_MS, day: 24 * HOUR_MS } as const;
/** Default range when none is given: the last day by hour, the last 30 days by day. */
const DEFAULT_SPAN_MS = { hour: 24 * HOUR_MS, day: 30 * 24 * HOUR_MS } as const;
const MAX_BUCKETS = 1000;
const TOP = 10;

type Percentile = number | null;
type StatsRow = {
  buckets: { start: string; outcome: DecisionOutcome; count: number }[] | null;
  tools: { tool: string; total: number; refused: number }[] | null;
  rules: { rule: string; count: number }[] | null;
  proxy: Percentile[] | null;
  upstream: Percentile[] | null;
};

export async function getDecisionLogStats(ctx: ServiceContext, input: DecisionLogStatsQuery = {}): Promise<DecisionLogStatsResponse> {
  requirePermission(ctx, "read");
  const { bucket, ...filters } = DecisionLogStatsQuery.parse(input);
  const filter = parseDecisionLogFilter(filters);
  const to = filter.to ?? new Date();
  const from = filter.from ?? new Date(to.getTime() - DEFAULT_SPAN_MS[bucket]);
  if (from.getTime() >= to.getTime()) throw validationFailed("The time range is empty.", [{ path: "from", message: "`from` must be before `to`." }]);
  const firstBucket = truncate(from, bucket);
  if ((to.getTime() - firstBucket) / BUCKET_MS[bucket] > MAX_BUCKETS) {
    throw validationFailed("Too many buckets.", [{ path: "bucket", message: `At most ${MAX_BUCKETS} ${bucket}s; use a larger bucket or a shorter range.` }]);
  }
  const where = decisionLogSqlWhere(ctx.orgId, filter, from, to);
  const refused = [...REFUSED_OUTCOMES];

  // One pass over the range (an index-only scan of the covering org/time index, docs/adr/0005):
  // the matching rows are read once into a CTE and every aggregate is taken from it.
  const [result] = await ctx.db.$queryRaw<StatsRow[]>`
    WITH r AS MATERIALIZED (
      SELECT date_trunc(${bucket}, "createdAt") AS start, "outcome"::text AS outcome, "toolName", "rule", "proxyLatencyMs", "upstreamLatencyMs",
             "outcome"::text = ANY(${refused}) AS refused
      FROM "DecisionLog" WHERE ${where}
    )
    SELECT
      (SELECT coalesce(json_agg(x), '[]') FROM (SELECT start, outcome, count(*)::int AS count FROM r GROUP BY 1, 2) x) AS buckets,
      (SELECT coalesce(json_agg(x), '[]') FROM (
        SELECT "toolName" AS tool, count(*)::int AS total, (count(*) FILTER (WHERE refused))::int AS refused
        FROM r WHERE "toolName" IS NOT NULL GROUP BY 1 ORDER BY refused DESC, total DESC, tool LIMIT ${TOP}) x) AS tools,
      (SELECT coalesce(json_agg(x), '[]') FROM (
        SELECT "rule", count(*)::int AS count FROM r WHERE "rule" IS NOT NULL AND refused
        GROUP BY 1 ORDER BY count DESC, "rule" LIMIT ${TOP}) x) AS rules,
      (SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY "proxyLatencyMs") FROM r) AS proxy,
      (SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY "upstreamLatencyMs") FROM r) AS upstream`;
  const perBucket = result?.buckets ?? [];
  const tools = result?.tools ?? [];
  const rules = result?.rules ?? [];

  const totals = zeroCounts();
  const byStart = new Map<number, ReturnType<typeof zeroCounts>>();
  for (const row of perBucket) {
    // json_agg writes timestamps without a zone; they are UTC.
    const key = new Date(`${row.start}Z`).getTime();
    const counts = byStart.get(key) ?? zeroCounts();
    counts[row.outcome] += row.count;
    totals[row.outcome] += row.count;
    byStart.set(key, counts);
  }
  // Every bucket of the range, empty ones included, so a chart's time axis has no holes.
  const buckets: DecisionLogStatsResponse["buckets"] = [];
  for (let start = firstBucket; start < to.getTime(); start += BUCKET_MS[bucket]) {
    const counts = byStart.get(start) ?? zeroCounts();
    buckets.push({ start: new Date(start).toISOString(), total: sum(counts), counts });
  }
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    bucket,
    total: sum(totals),
    totals,
    buckets,
    topTools: tools.map((t) => ({ tool: t.tool, total: t.total, refused: t.refused })),
    topRefusingRules: rules.map((r) => ({ rule: r.rule, count: r.count })),
    latencyMs: { proxy: percentiles(result?.proxy ?? null), upstream: percentiles(result?.upstream ?? null) },
  };
}

function truncate(date: Date, bucket: "hour" | "day"): number {
  return Math.floor(date.getTime() / BUCKET_MS[bucket]) * BUCKET_MS[bucket];
}

function zeroCounts(): Record<DecisionOutcome, number> {
  return Object.fromEntries(DecisionOutcome.options.map((o) => [o, 0])) as Record<DecisionOutcome, number>;
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

function percentiles(values: Percentile[] | null) {
  const round = (v: Percentile | undefined) => (v === null || v === undefined ? null : Math.round(v * 100) / 100);
  return { p50: round(values?.[0]), p95: round(values?.[1]), p99: round(values?.[2]) };
}

