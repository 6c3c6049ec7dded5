import { describe, expect, it } from "vitest";
import { parseWindow } from "./duration.ts";
import type { WindowSpec } from "./types.ts";
import { fixedWindowBounds, slidingWindowEstimate } from "./windows.ts";

const w = (label: string) => parseWindow(label) as WindowSpec;
const iso = (b: { start: number; end: number }) => [new Date(b.start).toISOString(), new Date(b.end).toISOString()];
const NOW = Date.parse("2025-03-13T14:37:21.500Z"); // a Thursday

describe("fixedWindowBounds", () => {
  it.each([
    ["minute", "2025-03-13T14:37:00.000Z", "2025-03-13T14:38:00.000Z"],
    ["hour", "2025-03-13T14:00:00.000Z", "2025-03-13T15:00:00.000Z"],
    ["day", "2025-03-13T00:00:00.000Z", "2025-03-14T00:00:00.000Z"],
    ["week", "2025-03-10T00:00:00.000Z", "2025-03-17T00:00:00.000Z"],
    ["month", "2025-03-01T00:00:00.000Z", "2025-04-01T00:00:00.000Z"],
    ["30s", "2025-03-13T14:37:00.000Z", "2025-03-13T14:37:30.000Z"],
    ["6h", "2025-03-13T12:00:00.000Z", "2025-03-13T18:00:00.000Z"],
  ])("%s", (label, start, end) => {
    expect(iso(fixedWindowBounds(w(label), NOW))).toEqual([start, end]);
  });
  it("a week starting on Monday contains that Monday and ends before the next", () => {
    const monday = Date.parse("2025-03-10T00:00:00.000Z");
    expect(fixedWindowBounds(w("week"), monday).start).toBe(monday);
    expect(fixedWindowBounds(w("week"), monday - 1).start).toBe(monday - 7 * 86_400_000);
  });
  it("February in a leap year", () => {
    expect(iso(fixedWindowBounds(w("month"), Date.parse("2024-02-29T23:59:59Z")))).toEqual(["2024-02-01T00:00:00.000Z", "2024-03-01T00:00:00.000Z"]);
  });
});

describe("slidingWindowEstimate", () => {
  it("weights the previous window by its remaining overlap", () => {
    const start = Date.parse("2025-03-13T14:37:00Z");
    expect(slidingWindowEstimate(10, 4, w("minute"), start)).toBe(14);
    expect(slidingWindowEstimate(10, 4, w("minute"), start + 15_000)).toBe(11.5);
    expect(slidingWindowEstimate(10, 4, w("minute"), start + 59_999)).toBeCloseTo(4, 2);
  });
});
