// The log view's filters as they live in the URL (shareable links): equality filters by name,
// plus a relative `range` (1h, 24h, 7d, 30d, all). `from` is computed when the range is applied.
import type { DecisionOutcome } from "@gatehouse/shared";

export const RANGES = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000, all: null } as const;
export type Range = keyof typeof RANGES;
export const RANGE_LABELS: Record<Range, string> = { "1h": "Last hour", "24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days", all: "All time" };
export const DEFAULT_RANGE: Range = "24h";

export type LogFilters = {
  serverId?: string;
  identityId?: string;
  tool?: string;
  outcome?: DecisionOutcome;
  rule?: string;
  requestId?: string;
  range: Range;
};

export const FILTER_KEYS = ["serverId", "identityId", "tool", "outcome", "rule", "requestId"] as const;

export function filtersFromParams(params: URLSearchParams, outcomes: readonly string[]): LogFilters {
  const range = params.get("range");
  const filters: LogFilters = { range: range && range in RANGES ? (range as Range) : DEFAULT_RANGE };
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (!value) continue;
    if (key === "outcome") {
      if (outcomes.includes(value)) filters.outcome = value as DecisionOutcome;
    } else filters[key] = value;
  }
  return filters;
}

export function paramsFromFilters(filters: LogFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  if (filters.range !== DEFAULT_RANGE) params.set("range", filters.range);
  return params;
}

/** The API query for the filters: `from` for the range, measured from `now`. */
export function apiQuery(filters: LogFilters, now: number): Record<string, string | undefined> {
  const span = RANGES[filters.range];
  const { range: _range, ...rest } = filters;
  return { ...rest, from: span === null ? undefined : new Date(now - span).toISOString() };
}

/** Charts: hourly buckets up to a week, daily beyond. */
export const bucketFor = (range: Range): "hour" | "day" => (range === "1h" || range === "24h" || range === "7d" ? "hour" : "day");
