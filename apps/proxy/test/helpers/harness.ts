// Shared test plumbing: proxies with test config, SDK clients through the proxy URL, decision
// events read back from the real Redis stream, and small waits.
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRedis, decodeDecisionEntry } from "@gatehouse/jobs";
import { DecisionEvent } from "@gatehouse/shared";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Redis } from "ioredis";
import type { ProxyConfig } from "../../src/env.ts";
import { createLogger } from "@gatehouse/shared/node";
import { type ProxyHandle, startProxy } from "../../src/proxy.ts";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export function newKey(): Buffer {
  return randomBytes(32);
}

export async function tempDir(name: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `gatehouse-proxy-${name}-`));
}

export type TestProxyOptions = {
  controlPlaneUrl: string;
  secret: string;
  key: Buffer;
  redisUrl?: string;
  stateDir?: string;
  allowPrivateUpstreams?: boolean;
  pollIntervalMs?: number;
  /** Any other config field, as a test needs it. */
  overrides?: Partial<ProxyConfig>;
};

export async function testConfig(o: TestProxyOptions): Promise<ProxyConfig> {
  return {
    controlPlaneUrl: o.controlPlaneUrl,
    proxySecret: o.secret,
    encryptionKey: o.key,
    redisUrl: o.redisUrl ?? REDIS_URL,
    port: 0,
    host: "127.0.0.1",
    stateDir: o.stateDir ?? (await tempDir("state")),
    allowPrivateUpstreams: o.allowPrivateUpstreams ?? true,
    pollIntervalMs: o.pollIntervalMs ?? 30_000,
    proxyId: `test-${randomBytes(4).toString("hex")}`,
    logLevel: "error",
    rateLimitPrefix: "gatehouse:",
    // A private stream per proxy: a worker running on this machine would otherwise consume (and
    // delete) the events before the test reads them. Removed again by closeTestProxy.
    decisionStreamKey: `{gatehouse:decisions}:test:${randomBytes(6).toString("hex")}`,
    decisionBufferMax: 10_000,
    sessionTtlMs: 3_600_000,
    opsPort: 0,
    ...o.overrides,
    // Private queues: a worker running on this machine must not take (and fail) test approvals.
    jobsPrefix: `gh-test-${randomBytes(5).toString("hex")}`,
  };
}

export async function startTestProxy(o: TestProxyOptions): Promise<ProxyHandle> {
  const config = await testConfig(o);
  // Quiet by default; GATEHOUSE_TEST_LOGS=1 shows the proxy's own log lines.
  const logger = createLogger(process.env.GATEHOUSE_TEST_LOGS ? "debug" : "error", { service: "proxy-test" }, process.env.GATEHOUSE_TEST_LOGS ? undefined : () => {});
  const proxy = await startProxy(config, logger);
  const close = proxy.close;
  // Closing also drops the proxy's private decision stream from the shared Redis.
  proxy.close = async () => {
    await close();
    const redis = createRedis(config.redisUrl, "worker");
    try {
      await Promise.race([redis.del(config.decisionStreamKey), new Promise((r) => setTimeout(r, 500))]);
    } finally {
      redis.disconnect();
    }
  };
  return proxy;
}

export type Agent = { client: Client; transport: StreamableHTTPClientTransport; close(): Promise<void> };

export async function connectAgent(url: string, token: string, headers: Record<string, string> = {}): Promise<Agent> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { authorization: `Bearer ${token}`, ...headers } },
  });
  const client = new Client({ name: "gatehouse-test-agent", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport, close: () => client.close() };
}

export async function callTool(agent: Agent, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await agent.client.callTool({ name, arguments: args })) as CallToolResult;
}

export type GatehouseMeta = { outcome: string; rule: string; decision_id: string; retry_after_s: number | null; approval_id: string | null };

export function decisionMeta(result: CallToolResult): GatehouseMeta | undefined {
  return result._meta?.["gatehouse/decision"] as GatehouseMeta | undefined;
}

export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first && first.type === "text" ? first.text : "";
}

export const EDIT_ARGS = { prompt: "add snow", image_url: "https://example.com/a.png", model: "flux-kontext-pro" };

/** Stream position to read decision events from (ids are `<ms>-<seq>`). */
export function streamCursor(): string {
  return `${Date.now() - 1}-0`;
}

/**
 * The org's decision events decided at or after `since` (a streamCursor). The proxy buffers events
 * for up to 100 ms, so an earlier test's event can reach the stream after the cursor: events are
 * also filtered by their own decision time.
 */
export async function readDecisionEvents(redis: Redis, proxy: ProxyHandle, orgId: string, since = "-"): Promise<DecisionEvent[]> {
  const entries = await redis.xrange(proxy.config.decisionStreamKey, since, "+");
  const sinceMs = since === "-" ? Number.NEGATIVE_INFINITY : Number(since.split("-")[0]);
  const out: DecisionEvent[] = [];
  for (const [, fields] of entries) {
    const decoded = decodeDecisionEntry(fields);
    if (typeof decoded === "string") continue;
    for (const json of decoded) {
      const event = DecisionEvent.parse(json);
      if (event.orgId === orgId && Date.parse(event.at) >= sinceMs) out.push(event);
    }
  }
  return out;
}

/** Polls until `check` returns a value (not undefined) or the deadline passes. */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Fixed windows reset on UTC boundaries; a test counting to a max must not straddle one, so it
 * starts with at least `needMs` left in the current window (waiting for the next if need be).
 */
export async function startOfFreshWindow(windowMs: number, needMs = 20_000): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < needMs) await new Promise((r) => setTimeout(r, left + 50));
}

export const startOfFreshMinute = (needMs = 20_000) => startOfFreshWindow(60_000, needMs);
export const startOfFreshHour = () => startOfFreshWindow(3_600_000, 30_000);

export const FLUX_POLICY = {
  version: "1",
  default: "deny",
  tools: { flux_edit_image: { limits: [{ counter: "flux_edit_image_rate", window: "minute", max: 30, scope: "grant" }] } },
};
