import { describe, expect, it } from "vitest";
import { matchesDecisionLogFilter } from "./decision-logs.ts";

const row = { serverId: "srv_1", identityId: "idn_1", toolName: "refund_order", outcome: "denied" as const, rule: "no-refunds", requestId: "req_1", createdAt: "2026-12-01T10:00:00.000Z" };

describe("matchesDecisionLogFilter (the live tail's filter)", () => {
  it("matches when every given filter is equal, and with no filter at all", () => {
    expect(matchesDecisionLogFilter(row, {})).toBe(true);
    expect(matchesDecisionLogFilter(row, { serverId: "srv_1", identityId: "idn_1", tool: "refund_order", outcome: "denied", rule: "no-refunds", requestId: "req_1" })).toBe(true);
  });

  it.each([
    [{ serverId: "srv_2" }],
    [{ identityId: "idn_2" }],
    [{ tool: "refund" }],
    [{ outcome: "allowed" as const }],
    [{ rule: "other" }],
    [{ requestId: "req_2" }],
    [{ from: new Date("2026-12-01T10:00:00.001Z") }],
    [{ to: new Date("2026-12-01T10:00:00.000Z") }],
  ])("refuses a row that differs on %o", (filter) => {
    expect(matchesDecisionLogFilter(row, filter)).toBe(false);
  });

  it("treats from as inclusive and to as exclusive", () => {
    expect(matchesDecisionLogFilter(row, { from: new Date(row.createdAt), to: new Date("2026-12-01T10:00:00.001Z") })).toBe(true);
  });
});
