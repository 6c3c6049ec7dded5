// A proxy, a decision-log worker and the demo upstream for one org, in the Playwright process,
// so a spec can make real calls through the proxy and watch the dashboard react. Shares the
// database and Redis with the web server under test (DATABASE_URL, REDIS_URL from the env); the
// decision stream is private to the run. The worker publishes on the org's live-tail channel
// exactly as apps/worker does.
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDb } from "@gatehouse/db";
import { testDatabaseUrl } from "@gatehouse/db/testing";
import { startDemoUpstream } from "@gatehouse/demo-upstream";
import { createBundleAnnouncer, createDecisionTailPublisher, createRedis } from "@gatehouse/jobs";
import { startProxy } from "@gatehouse/proxy";
import { type ServiceContext, createGrant, createIdentity, createPolicy, createServer, mintToken } from "@gatehouse/services";
import { serveInternalBundlesApi } from "@gatehouse/services/testing";
import { createLogger } from "@gatehouse/shared/node";
import { ingestDecisions } from "@gatehouse/worker";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const quiet = () => createLogger("error", {}, () => {});

/** Registers the demo upstream in `orgId` with a policy allowing `allow` and denying the rest. */
export async function startEnforcement(orgId: string, policy: object) {
  const db = createDb(testDatabaseUrl(), { maxConnections: 4 });
  const encryptionKey = randomBytes(32);
  const proxySecret = randomBytes(24).toString("base64url");
  const producer = createRedis(REDIS_URL, "producer");
  const ctx: ServiceContext & { allowPrivateNetworks: boolean } = {
    db,
    orgId,
    role: "admin",
    actor: { type: "system", label: "e2e" },
    requestId: "req_e2e",
    secrets: { encryptionKey },
    bundles: createBundleAnnouncer(producer),
    allowPrivateNetworks: true,
  };
  const upstream = await startDemoUpstream({});
  const controlPlane = await serveInternalBundlesApi({ databaseUrl: testDatabaseUrl(), proxySecret });
  const stream = { key: `{gatehouse:decisions}:e2e:${randomBytes(6).toString("hex")}`, group: "ingest" };
  const proxy = await startProxy(
    {
      controlPlaneUrl: controlPlane.url,
      proxySecret,
      encryptionKey,
      redisUrl: REDIS_URL,
      port: 0,
      host: "127.0.0.1",
      stateDir: await mkdtemp(path.join(tmpdir(), "gatehouse-e2e-")),
      allowPrivateUpstreams: true,
      pollIntervalMs: 60_000,
      proxyId: `e2e-${randomBytes(3).toString("hex")}`,
      logLevel: "error",
      rateLimitPrefix: `gatehouse-e2e-${randomBytes(3).toString("hex")}:`,
      decisionStreamKey: stream.key,
      decisionBufferMax: 10_000,
    },
    quiet(),
  );
  const server = await createServer(ctx, { name: "Flux demo", upstreamUrl: upstream.url });
  const { policy: created } = await createPolicy(ctx, { serverId: server.id, name: "e2e policy", document: policy, publish: true });
  const identity = await createIdentity(ctx, { name: "e2e-agent" });
  await createGrant(ctx, { identityId: identity.id, serverId: server.id, policyId: created.id });
  const { plaintext: token } = await mintToken(ctx, { identityId: identity.id });
  const bundle = await db.orgBundle.findUniqueOrThrow({ where: { orgId } });
  const deadline = Date.now() + 5000;
  while ((proxy.store.org(orgId)?.bundle.revision ?? 0) < bundle.revision && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));

  const workerRedis = createRedis(REDIS_URL, "worker");
  const abort = new AbortController();
  const worker = ingestDecisions(
    { db, redis: workerRedis, log: quiet(), consumer: "e2e", stream, blockMs: 100, tail: createDecisionTailPublisher(producer) },
    abort.signal,
  );

  const client = new Client({ name: "e2e-agent", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${proxy.url}/mcp/${server.id}`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));

  return {
    db,
    serverId: server.id,
    identityId: identity.id,
    client,
    async close() {
      await client.close().catch(() => {});
      abort.abort();
      await worker.catch(() => {});
      workerRedis.disconnect();
      await proxy.close();
      await controlPlane.close();
      await upstream.close();
      await producer.del(stream.key);
      producer.disconnect();
      await db.$disconnect();
    },
  };
}
