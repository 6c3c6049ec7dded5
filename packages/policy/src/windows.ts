import type { WindowSpec } from "./types.ts";

const DAY_MS = 86_400_000;

/**
 * The fixed window containing `now`, as [start, end). minute/hour/day and custom durations
 * are aligned to multiples of their length since the Unix epoch (so UTC boundaries for
 * minute/hour/day); weeks start Monday 00:00 UTC; months are calendar months in UTC.
 */
export function fixedWindowBounds(window: WindowSpec, now: number): { start: number; end: number } {
  if (window.unit === "month") {
    const d = new Date(now);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth();
    return { start: Date.UTC(y, m, 1), end: Date.UTC(y, m + 1, 1) };
  }
  if (window.unit === "week") {
    const day = Math.floor(now / DAY_MS);
    const sinceMonday = (((day + 3) % 7) + 7) % 7; // epoch day 0 was a Thursday
    const start = (day - sinceMonday) * DAY_MS;
    return { start, end: start + 7 * DAY_MS };
  }
  const start = Math.floor(now / window.ms) * window.ms;
  return { start, end: start + window.ms };
}

/**
 * Sliding-window count by the usual two-bucket approximation: the previous fixed window's
 * count weighted by how much of it still overlaps the trailing window, plus the current
 * window's count. Compare `estimate + amount <= max` to admit a call.
 */
export function slidingWindowEstimate(prevCount: number, currCount: number, window: WindowSpec, now: number): number {
  const { start, end } = fixedWindowBounds(window, now);
  const elapsed = (now - start) / (end - start);
  return prevCount * (1 - elapsed) + currCount;
}
