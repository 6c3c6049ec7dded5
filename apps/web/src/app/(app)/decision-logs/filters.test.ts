import { describe, expect, it } from "vitest";
import { apiQuery, bucketFor, filtersFromParams, paramsFromFilters } from "./filters";

const OUTCOMES = ["allowed", "denied"];

describe("decision-log filters in the URL", () => {
  it("round-trips every filter through the query string, leaving the default range out", () => {
    const filters = filtersFromParams(new URLSearchParams("outcome=denied&tool=refund_order&serverId=srv_1&range=7d"), OUTCOMES);
    expect(filters).toEqual({ outcome: "denied", tool: "refund_order", serverId: "srv_1", range: "7d" });
    expect(paramsFromFilters(filters).toString()).toBe("serverId=srv_1&tool=refund_order&outcome=denied&range=7d");
    expect(paramsFromFilters({ range: "24h" }).toString()).toBe("");
  });

  it("ignores unknown outcomes and ranges, and blank values", () => {
    expect(filtersFromParams(new URLSearchParams("outcome=maybe&range=1y&tool=%20%20"), OUTCOMES)).toEqual({ range: "24h" });
  });

  it("turns the range into `from` measured from now; all time has none", () => {
    const now = Date.UTC(2026, 11, 1, 12);
    expect(apiQuery({ range: "1h", tool: "x" }, now)).toEqual({ tool: "x", from: "2026-12-01T11:00:00.000Z" });
    expect(apiQuery({ range: "all" }, now)).toEqual({ from: undefined });
    expect([bucketFor("24h"), bucketFor("7d"), bucketFor("30d")]).toEqual(["hour", "hour", "day"]);
  });
});
