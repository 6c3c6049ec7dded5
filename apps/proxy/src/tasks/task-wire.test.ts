import { describe, expect, it } from "vitest";
import { isProxyTaskId, taskAugmentation, toWireTask } from "./task-wire.ts";

describe("task wire format", () => {
  it("reads task augmentation from tools/call params, and nothing from a plain call", () => {
    expect(taskAugmentation({ name: "t", arguments: {}, task: { ttl: 60_000 } })).toEqual({ ttl: 60_000 });
    expect(taskAugmentation({ name: "t", task: {} })).toEqual({ ttl: undefined });
    expect(taskAugmentation({ name: "t", task: { ttl: -5 } })).toEqual({ ttl: undefined });
    expect(taskAugmentation({ name: "t", arguments: {} })).toBeNull();
    expect(taskAugmentation({ name: "t", task: "yes" })).toBeNull();
    expect(taskAugmentation(null)).toBeNull();
  });

  it("tells the proxy's task ids from anyone else's", () => {
    expect(isProxyTaskId("tsk_01abc")).toBe(true);
    expect(isProxyTaskId("upt_01abc")).toBe(false);
    expect(isProxyTaskId("786af8ea-0c43-4e8e-a4b9-2f8d1e0c7f3a")).toBe(false);
  });

  it("shows a task as the SDK's TaskSchema has it: ISO times, ttl in ms, poll interval, status message", () => {
    const wire = toWireTask({
      taskId: "tsk_1",
      orgId: "org_1",
      status: "working",
      statusMessage: "Waiting for a human",
      ttlMs: 660_000,
      createdAtMs: Date.UTC(2026, 11, 1, 6, 0, 0),
      lastUpdatedAtMs: Date.UTC(2026, 11, 1, 6, 0, 1),
      pollIntervalMs: 500,
      identityId: "idn_1",
      serverId: "srv_1",
      tokenHash: "h",
      approvalId: "apr_1",
      approvalExpiresAtMs: 0,
      toolName: "t",
      rule: "r",
      callEnc: "sealed",
      headersEnc: "sealed",
      resultEnc: null,
      forwardingAtMs: null,
    });
    expect(wire).toEqual({
      taskId: "tsk_1",
      status: "working",
      ttl: 660_000,
      createdAt: "2026-12-01T06:00:00.000Z",
      lastUpdatedAt: "2026-12-01T06:00:01.000Z",
      pollInterval: 500,
      statusMessage: "Waiting for a human",
    });
    // Nothing sealed or internal leaks into what the agent sees.
    expect(JSON.stringify(wire)).not.toMatch(/sealed|apr_1|idn_1/);
  });
});
