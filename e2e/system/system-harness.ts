// The whole enforcement path with real parts: control-plane verbs and the real internal bundles
// API over HTTP, a proxy, a decision-log worker, the demo upstream, Postgres and Redis. Each
// harness uses its own org and its own decision stream, so it shares nothing with other suites
// or with a `npm start` running on the same machine.
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDb } from "@gatehouse/db";
import { createTestOrg, testDatabaseUrl } from "@gatehouse/db/testing";
import { type DemoUpstream, startDemoUpstream } from "@gatehouse/demo-upstream";
import { createBundleAnnouncer, createRedis } from "@gatehouse/jobs";
import { type ProxyHandle, startProxy } from "@gatehouse/proxy";
import type { ServiceContext } from "@gatehouse/services";
import { serveInternalBundlesApi } from "@gatehouse/services/testing";
import { createLogger } from "@gatehouse/shared/node";
import { ingestDecisions } from "@gatehouse/worker";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
export const UPSTREAM_HEADER = { name: "X-Demo-Key", value: `upstream-${randomBytes(6).toString("hex")}` };

/** Everything but the proxy: the control plane's verbs and internal API, the upstream, a decision stream and workers. */
export async function startControlPlane() {
  const db = createDb(testDatabaseUrl(), { maxConnections: 6 });
  const encryptionKey = randomBytes(32);
  const proxySecret = randomBytes(24).toString("base64url");
  const publisher = createRedis(REDIS_URL, "producer");
  const org = await createTestOrg(db);
  const ctx: ServiceContext & { allowPrivateNetworks: boolean } = {
    db,
    orgId: org.id,
    role: "admin",
    actor: { type: "system", label: "system-test" },
    requestId: "req_system_test",
    secrets: { encryptionKey },
    bundles: createBundleAnnouncer(publisher),
    allowPrivateNetworks: true,
  };
  const upstream: DemoUpstream = await startDemoUpstream({ requiredHeader: UPSTREAM_HEADER });
  const controlPlane = await serveInternalBundlesApi({ databaseUrl: testDatabaseUrl(), proxySecret, encryptionKey, bundles: ctx.bundles });
  const stream = { key: `{gatehouse:decisions}:system:${randomBytes(6).toString("hex")}`, group: "ingest" };

  /** Starts a decision-log worker on this system's stream against `databaseUrl`; returns its stop. */
  function startWorker(databaseUrl = testDatabaseUrl()) {
    const workerDb = databaseUrl === testDatabaseUrl() ? db : createDb(databaseUrl, { maxConnections: 1 });
    const redis = createRedis(REDIS_URL, "worker");
    const abort = new AbortController();
    const running = ingestDecisions(
      { db: workerDb, redis, log: createLogger("error", {}, () => {}), consumer: "system-test", stream, blockMs: 100, retryInitialMs: 50, retryMaxMs: 200 },
      abort.signal,
    );
    return async () => {
      abort.abort();
      await running.catch(() => {});
      redis.disconnect();
      if (workerDb !== db) await workerDb.$disconnect().catch(() => {});
    };
  }

  async function close() {
    await controlPlane.close();
    await upstream.close();
    const redis = createRedis(REDIS_URL, "worker");
    await redis.del(stream.key);
    redis.disconnect();
    publisher.disconnect();
    await db.$disconnect();
  }

  return { db, ctx, org, upstream, controlPlaneUrl: controlPlane.url, proxySecret, encryptionKey, stream, startWorker, close };
}

/** An MCP SDK client connected to `/mcp/<serverId>` at `proxyUrl` with an identity's token. */
export async function connectClient(proxyUrl: string, token: string, serverId: string): Promise<Client> {
  const client = new Client({ name: "system-test-agent", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${proxyUrl}/mcp/${serverId}`), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

/** The control plane plus one in-process proxy. */
export async function startSystem() {
  const base = await startControlPlane();
  const proxy: ProxyHandle = await startProxy(
    {
      controlPlaneUrl: base.controlPlaneUrl,
      proxySecret: base.proxySecret,
      encryptionKey: base.encryptionKey,
      redisUrl: REDIS_URL,
      port: 0,
      host: "127.0.0.1",
      stateDir: await mkdtemp(path.join(tmpdir(), "gatehouse-system-")),
      allowPrivateUpstreams: true,
      pollIntervalMs: 60_000,
      proxyId: `system-${randomBytes(3).toString("hex")}`,
      logLevel: "error",
      rateLimitPrefix: "gatehouse:",
      decisionStreamKey: base.stream.key,
      decisionBufferMax: 10_000,
    },
    createLogger("error", {}, () => {}),
  );

  /** Waits until the proxy enforces at least `revision` of this org (announcement → fetch). */
  async function waitForRevision(revision: number, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((proxy.store.org(base.org.id)?.bundle.revision ?? 0) >= revision) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`the proxy did not reach revision ${revision} within ${timeoutMs} ms`);
  }

  return {
    ...base,
    proxy,
    connectAgent: (token: string, serverId: string) => connectClient(proxy.url, token, serverId),
    waitForRevision,
    close: async () => {
      await proxy.close();
      await base.close();
    },
  };
}

export type System = Awaited<ReturnType<typeof startSystem>>;

export function decisionOf(result: unknown): { outcome: string; rule: string; decision_id: string; retry_after_s: number | null } | undefined {
  const meta = (result as CallToolResult)._meta as Record<string, unknown> | undefined;
  return meta?.["gatehouse/decision"] as ReturnType<typeof decisionOf>;
}

export function textOf(result: unknown): string {
  const first = (result as CallToolResult).content[0];
  return first?.type === "text" ? first.text : "";
}

/** Fixed windows are UTC-aligned: start a rate-limit scenario early in a minute so it cannot straddle two. */
export async function awayFromMinuteBoundary(secondsNeeded = 20): Promise<void> {
  const intoMinute = (Date.now() % 60_000) / 1000;
  if (intoMinute > 60 - secondsNeeded) await new Promise((r) => setTimeout(r, (60 - intoMinute) * 1000 + 50));
}

export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    value = await probe();
  }
  return value;
}
