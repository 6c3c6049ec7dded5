import type { DecisionEvent } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { latestTokenUses } from "./record-token-use.ts";

const event = (overrides: Partial<DecisionEvent>): DecisionEvent => ({
  id: "dec_1",
  orgId: "org_1",
  requestId: "req_1",
  serverId: "srv_1",
  identityId: "idn_1",
  grantId: "grt_1",
  tokenPrefix: "gth_aaaaaaaa",
  method: "tools/call",
  toolName: "flux_edit_image",
  argKeys: [],
  argsHash: null,
  policyId: null,
  policyVersionId: null,
  bundleRevision: 1,
  outcome: "allowed",
  shadowOutcome: null,
  rule: null,
  message: null,
  approvalId: null,
  upstreamStatus: 200,
  upstreamLatencyMs: 1,
  proxyLatencyMs: 0.2,
  at: "2026-01-01T00:00:00.000Z",
  ...overrides,
});

describe("latestTokenUses", () => {
  it("reduces a batch to one use per token, the latest, whatever the order of events", () => {
    const uses = latestTokenUses([
      event({ at: "2026-01-01T00:00:05.000Z" }),
      event({ at: "2026-01-01T00:00:09.000Z" }),
      event({ at: "2026-01-01T00:00:01.000Z" }),
      event({ tokenPrefix: "gth_bbbbbbbb", at: "2026-01-01T00:00:02.000Z" }),
      event({ identityId: "idn_2", at: "2026-01-01T00:00:03.000Z" }),
    ]);
    expect(uses).toEqual([
      { orgId: "org_1", identityId: "idn_1", prefix: "gth_aaaaaaaa", at: new Date("2026-01-01T00:00:09.000Z") },
      { orgId: "org_1", identityId: "idn_1", prefix: "gth_bbbbbbbb", at: new Date("2026-01-01T00:00:02.000Z") },
      { orgId: "org_1", identityId: "idn_2", prefix: "gth_aaaaaaaa", at: new Date("2026-01-01T00:00:03.000Z") },
    ]);
  });

  it("ignores requests refused before authentication and events without a readable time", () => {
    expect(latestTokenUses([event({ identityId: null, outcome: "rejected" }), event({ tokenPrefix: null }), event({ at: "not a time" })])).toEqual([]);
  });
});
