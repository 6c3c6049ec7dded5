// Test support for the worker suites: decision events for an org, a private stream per suite
// (the real stream key is shared by every proxy on this Redis), and polling helpers.
import { randomBytes } from "node:crypto";
import { encodeDecisionEntries } from "@gatehouse/jobs";
import { type DecisionEvent, newId } from "@gatehouse/shared";
import type { Redis } from "ioredis";
import { type Logger, createLogger } from "@gatehouse/shared/node";
import type { StreamRef } from "../src/index.ts";

export const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export function privateStream(): StreamRef {
  return { key: `{gatehouse:decisions}:test:${randomBytes(6).toString("hex")}`, group: "ingest" };
}

export function decisionEvent(orgId: string, overrides: Partial<DecisionEvent> = {}): DecisionEvent {
  return {
    id: newId("decision"),
    orgId,
    requestId: newId("request"),
    serverId: "srv_test",
    identityId: "idn_test",
    grantId: "grt_test",
    tokenPrefix: "gth_abcdefgh",
    method: "tools/call",
    toolName: "flux_edit_image",
    argKeys: ["image", "prompt"],
    argsHash: "a".repeat(64),
    policyId: "pol_test",
    policyVersionId: "polv_test",
    bundleRevision: 3,
    outcome: "allowed",
    shadowOutcome: null,
    rule: null,
    message: null,
    approvalId: null,
    upstreamStatus: 200,
    upstreamLatencyMs: 12.5,
    proxyLatencyMs: 0.4,
    at: new Date().toISOString(),
    ...overrides,
  };
}

/** XADD as the proxy does: an entry holding a batch of events (@gatehouse/jobs decision-entries.ts). Returns the last entry's id. */
export async function emit(redis: Redis, stream: StreamRef, ...events: unknown[]): Promise<string | null> {
  let id: string | null = null;
  for (const [field, value] of encodeDecisionEntries(events)) id = await redis.xadd(stream.key, "*", field, value);
  return id;
}

/** XADD as proxies did before batching (still read): field "e" = one event's JSON, or any string. */
export function emitSingle(redis: Redis, stream: StreamRef, event: DecisionEvent | string): Promise<string | null> {
  return redis.xadd(stream.key, "*", "e", typeof event === "string" ? event : JSON.stringify(event));
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A logger that keeps lines for assertions (and proves what a log line may contain). */
export function capturingLogger(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { log: createLogger("info", { service: "worker-test" }, (line) => lines.push(JSON.parse(line) as Record<string, unknown>)), lines };
}
