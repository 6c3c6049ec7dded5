import { describe, expect, it } from "vitest";
import { parseEntries } from "./parse-entries.ts";

const event = {
  id: "dec_1",
  orgId: "org_1",
  requestId: "req_1",
  serverId: null,
  identityId: null,
  grantId: null,
  tokenPrefix: null,
  method: "tools/list",
  toolName: null,
  argKeys: [],
  argsHash: null,
  policyId: null,
  policyVersionId: null,
  bundleRevision: null,
  outcome: "allowed",
  shadowOutcome: null,
  rule: null,
  message: null,
  approvalId: null,
  upstreamStatus: 200,
  upstreamLatencyMs: 1,
  proxyLatencyMs: 0.2,
  at: "2026-01-01T00:00:00.000Z",
};

describe("parseEntries", () => {
  it("reads the event from field e wherever it sits among the fields", () => {
    const parsed = parseEntries([
      { id: "1-0", fields: ["e", JSON.stringify(event)] },
      { id: "2-0", fields: ["x", "e", "e", JSON.stringify({ ...event, id: "dec_2" })] },
    ]);
    expect(parsed.events.map((e) => e.id)).toEqual(["dec_1", "dec_2"]);
    expect(parsed.rejected).toEqual([]);
  });

  it("reads every event of a batch entry (field b) and rejects only the bad one", () => {
    const parsed = parseEntries([
      { id: "1-0", fields: ["b", JSON.stringify([event, { ...event, id: "dec_2", outcome: "maybe" }, { ...event, id: "dec_3" }])] },
      { id: "2-0", fields: ["e", JSON.stringify({ ...event, id: "dec_4" })] },
      { id: "3-0", fields: ["b", JSON.stringify({ not: "an array" })] },
    ]);
    expect(parsed.events.map((e) => e.id)).toEqual(["dec_1", "dec_3", "dec_4"]);
    expect(parsed.rejected).toEqual([
      { streamId: "1-0", index: 1, reason: expect.stringContaining("outcome") },
      { streamId: "3-0", reason: '"b" is not a JSON array' },
    ]);
    expect(parsed.sizes).toEqual([3, 1, 0]);
  });

  it("rejects what is not an event with a reason that never repeats the content", () => {
    const parsed = parseEntries([
      { id: "1-0", fields: ["e", "{oops"] },
      { id: "2-0", fields: ["e", JSON.stringify({ ...event, outcome: "maybe", arguments: { password: "hunter2" } })] },
      { id: "3-0", fields: ["x", "y"] },
      { id: "4-0", fields: null },
    ]);
    expect(parsed.events).toEqual([]);
    expect(parsed.rejected.map((r) => r.streamId)).toEqual(["1-0", "2-0", "3-0", "4-0"]);
    expect(parsed.rejected[0]?.reason).toBe("not JSON");
    expect(parsed.rejected[1]?.reason).toContain("outcome");
    expect(JSON.stringify(parsed.rejected)).not.toContain("hunter2");
    expect(JSON.stringify(parsed.rejected)).not.toContain("maybe");
  });
});
