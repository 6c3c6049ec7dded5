import type { WindowSpec } from "./types.ts";

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
// Eight digits so that every whole number of seconds up to 366 days has a written form
// ("31622400s"), which a rate_limit window given in seconds expands to.
const DURATION = /^([1-9]\d{0,7})(s|m|h|d)$/;
const MAX_DURATION_MS = 366 * UNIT_MS.d;
export const MAX_WINDOW_SECONDS = MAX_DURATION_MS / 1000;

/** "30s", "15m", "6h", "2d" → milliseconds, or null. */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m) return null;
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  return ms <= MAX_DURATION_MS ? ms : null;
}

const NAMED: Record<string, WindowSpec> = {
  minute: { unit: "minute", ms: UNIT_MS.m, label: "minute" },
  hour: { unit: "hour", ms: UNIT_MS.h, label: "hour" },
  day: { unit: "day", ms: UNIT_MS.d, label: "day" },
  week: { unit: "week", ms: 7 * UNIT_MS.d, label: "week" },
  // Nominal only: fixed month windows use real calendar months (see windows.ts).
  month: { unit: "month", ms: 30 * UNIT_MS.d, label: "month" },
};

export function parseWindow(text: string): WindowSpec | null {
  const named = Object.hasOwn(NAMED, text) ? NAMED[text] : undefined;
  if (named) return named;
  const ms = parseDuration(text);
  return ms === null ? null : { unit: "duration", ms, label: text };
}

export const WINDOW_HINT = 'use "minute", "hour", "day", "week", "month" or a duration like "30s", "15m", "6h", "2d" (at most 366d)';
