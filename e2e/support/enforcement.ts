// The enforcement path next to the dashboard under test: a demo upstream MCP server, a proxy that
// fetches bundles from this very web app's internal API (nudged through Redis when the dashboard
// changes something), and a decision-log worker on a stream of its own. Lets a spec mint a token
// in the browser and use it through the proxy with the MCP SDK.
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Db, createDb } from "@gatehouse/db";
import { type DemoUpstream, startDemoUpstream } from "@gatehouse/demo-upstream";
import { createBundleAnnouncer, createRedis } from "@gatehouse/jobs";
import { type ProxyHandle, startProxy } from "@gatehouse/proxy";
import { type ServiceContext, parseEncryptionKey } from "@gatehouse/services";
import { createLogger } from "@gatehouse/shared/node";
import { ingestDecisions } from "@gatehouse/worker";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required (source scripts/lib/common.sh or env.sh first)`);
  return value;
}

export async function startEnforcement(webUrl: string) {
  const redisUrl = required("REDIS_URL");
  const db: Db = createDb(required("DATABASE_URL"), { maxConnections: 2 });
  const publisher = createRedis(redisUrl, "producer");
  const upstream: DemoUpstream = await startDemoUpstream();
  const stream = { key: `{gatehouse:decisions}:e2e:${randomBytes(6).toString("hex")}`, group: "ingest" };
  const proxy: ProxyHandle = await startProxy(
    {
      controlPlaneUrl: webUrl,
      proxySecret: required("GATEHOUSE_PROXY_SECRET"),
      encryptionKey: parseEncryptionKey(required("GATEHOUSE_ENCRYPTION_KEY")),
      redisUrl,
      port: 0,
      host: "127.0.0.1",
      stateDir: await mkdtemp(path.join(tmpdir(), "gatehouse-e2e-")),
      allowPrivateUpstreams: true,
      pollIntervalMs: 60_000,
      proxyId: `e2e-${randomBytes(3).toString("hex")}`,
      logLevel: "error",
      rateLimitPrefix: `gatehouse:e2e:${randomBytes(4).toString("hex")}:`,
      decisionStreamKey: stream.key,
      decisionBufferMax: 10_000,
    },
    createLogger("error", {}, () => {}),
  );
  const workerRedis = createRedis(redisUrl, "worker");
  const stopWorker = new AbortController();
  const worker = ingestDecisions(
    { db, redis: workerRedis, log: createLogger("error", {}, () => {}), consumer: "e2e", stream, blockMs: 100, retryInitialMs: 50, retryMaxMs: 200 },
    stopWorker.signal,
  );
  const clients: Client[] = [];

  /** A service context for `orgId`, as the dashboard's admin, for setup the spec does not click through. */
  function adminContext(orgId: string): ServiceContext & { allowPrivateNetworks: boolean } {
    return {
      db,
      orgId,
      role: "admin",
      actor: { type: "system", label: "e2e-setup" },
      requestId: "req_e2e_setup",
      secrets: { encryptionKey: parseEncryptionKey(required("GATEHOUSE_ENCRYPTION_KEY")) },
      bundles: createBundleAnnouncer(publisher),
      allowPrivateNetworks: true,
    };
  }

  async function connectAgent(token: string, serverId: string): Promise<Client> {
    const client = new Client({ name: "e2e-agent", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${proxy.url}/mcp/${serverId}`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
    clients.push(client);
    return client;
  }

  /** Connects once the proxy accepts the token (the dashboard's change reaches it within moments). */
  async function connectWhenAccepted(token: string, serverId: string, timeoutMs = 10_000): Promise<Client> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await connectAgent(token, serverId);
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  async function close() {
    await Promise.all(clients.map((client) => client.close().catch(() => {})));
    stopWorker.abort();
    await worker.catch(() => {});
    await proxy.close();
    await upstream.close();
    await workerRedis.del(stream.key).catch(() => {});
    workerRedis.disconnect();
    publisher.disconnect();
    await db.$disconnect();
  }

  return { db, proxy, upstream, adminContext, connectAgent, connectWhenAccepted, close };
}

export type Enforcement = Awaited<ReturnType<typeof startEnforcement>>;
