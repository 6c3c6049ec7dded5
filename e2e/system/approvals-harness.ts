// Human approval end to end with every part real: the REST API (over HTTP) deciding, a proxy
// holding calls, the approval jobs in a worker runner, the demo upstream, Postgres and Redis.
// Each harness has its own org, decision stream and BullMQ prefix, so a worker of another
// checkout on this machine never takes its jobs.
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDb } from "@gatehouse/db";
import { addTestMember, createTestApiKey, createTestOrg, createTestUser, testDatabaseUrl } from "@gatehouse/db/testing";
import { type DemoUpstream, startDemoUpstream } from "@gatehouse/demo-upstream";
import { ApprovalState, createBundleAnnouncer, createProducer, createRedis } from "@gatehouse/jobs";
import { type ProxyConfig, type ProxyHandle, startProxy } from "@gatehouse/proxy";
import type { ServiceContext } from "@gatehouse/services";
import { serveInternalBundlesApi } from "@gatehouse/services/testing";
import type { Role } from "@gatehouse/shared";
import { createLogger } from "@gatehouse/shared/node";
import { createMailer, runCatalogJobs } from "@gatehouse/worker";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { createApprovalEventHub } from "../../apps/web/src/server/approval-events.ts";
import { startApi } from "../../apps/web/test/api/support/api-harness.ts";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const quiet = createLogger(process.env.GATEHOUSE_TEST_LOGS ? "debug" : "error", { service: "approvals-test" }, process.env.GATEHOUSE_TEST_LOGS ? undefined : () => {});

export async function startApprovalSystem() {
  const db = createDb(testDatabaseUrl(), { maxConnections: 8 });
  const encryptionKey = randomBytes(32);
  const proxySecret = randomBytes(24).toString("base64url");
  const jobsPrefix = `gh-appr-${randomBytes(5).toString("hex")}`;
  const producerRedis = createRedis(REDIS_URL, "producer");
  const workerRedis = createRedis(REDIS_URL, "worker");
  const subscriber = createRedis(REDIS_URL, "subscriber");
  const approvals = new ApprovalState(producerRedis);
  const jobs = createProducer(producerRedis, { prefix: jobsPrefix });
  const org = await createTestOrg(db);
  const ctx: ServiceContext & { allowPrivateNetworks: boolean } = {
    db,
    orgId: org.id,
    role: "admin",
    actor: { type: "system", label: "approvals-test" },
    requestId: "req_approvals_test",
    secrets: { encryptionKey },
    bundles: createBundleAnnouncer(producerRedis),
    approvals,
    jobs,
    allowPrivateNetworks: true,
  };
  const upstream: DemoUpstream = await startDemoUpstream({});
  const controlPlane = await serveInternalBundlesApi({ databaseUrl: testDatabaseUrl(), proxySecret });
  const hub = createApprovalEventHub(subscriber, approvals.channel);
  const api = await startApi({ secrets: { encryptionKey }, approvals, approvalEvents: hub, jobs });
  const mailboxDir = await mkdtemp(path.join(tmpdir(), "gatehouse-approvals-mail-"));
  const runner = runCatalogJobs({
    db,
    connection: workerRedis,
    prefix: jobsPrefix,
    secrets: { encryptionKey },
    approvals,
    jobs,
    mailer: createMailer({ mailboxDir, log: quiet }),
    log: quiet,
    webUrl: "http://localhost:3000",
  });
  const decisionStream = `{gatehouse:decisions}:approvals:${randomBytes(6).toString("hex")}`;

  async function proxyConfig(): Promise<ProxyConfig> {
    return {
      controlPlaneUrl: controlPlane.url,
      proxySecret,
      encryptionKey,
      redisUrl: REDIS_URL,
      port: 0,
      host: "127.0.0.1",
      stateDir: await mkdtemp(path.join(tmpdir(), "gatehouse-approvals-")),
      allowPrivateUpstreams: true,
      pollIntervalMs: 60_000,
      proxyId: `approvals-${randomBytes(3).toString("hex")}`,
      logLevel: "error",
      rateLimitPrefix: "gatehouse:",
      decisionStreamKey: decisionStream,
      decisionBufferMax: 10_000,
      jobsPrefix,
    };
  }
  const proxy: ProxyHandle = await startProxy(await proxyConfig(), quiet);

  /** The environment a proxy process needs to join this system (a second replica, a restart). */
  async function childProxyEnv(): Promise<Record<string, string>> {
    return {
      GATEHOUSE_CONTROL_PLANE_URL: controlPlane.url,
      GATEHOUSE_PROXY_SECRET: proxySecret,
      GATEHOUSE_ENCRYPTION_KEY: encryptionKey.toString("hex"),
      REDIS_URL,
      GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: "1",
      GATEHOUSE_PROXY_STATE_DIR: await mkdtemp(path.join(tmpdir(), "gatehouse-approvals-child-")),
      GATEHOUSE_DECISION_STREAM: decisionStream,
      GATEHOUSE_JOBS_PREFIX: jobsPrefix,
      GATEHOUSE_LOG_LEVEL: "info",
    };
  }

  /** An org API key with `role`, for deciding through the REST API. */
  async function apiKey(role: Role): Promise<string> {
    return (await createTestApiKey(db, { orgId: org.id, role })).plaintext;
  }

  async function member(role: Role) {
    const user = await createTestUser(db);
    await addTestMember(db, { orgId: org.id, userId: user.id, role });
    return user;
  }

  async function connectAgent(proxyUrl: string, token: string, serverId: string): Promise<Client> {
    const client = new Client({ name: "approvals-test-agent", version: "1.0.0" });
    const transport = new StreamableHTTPClientTransport(new URL(`${proxyUrl}/mcp/${serverId}`), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    });
    await client.connect(transport);
    return client;
  }

  async function waitForRevision(handle: ProxyHandle, revision: number, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((handle.store.org(org.id)?.bundle.revision ?? 0) >= revision) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`the proxy did not reach revision ${revision} within ${timeoutMs} ms`);
  }

  /** The approval request for `toolName` the worker stored, newest first, once it exists. */
  async function waitForApproval(where: { toolName?: string; id?: string; status?: string }, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const row = await db.approvalRequest.findFirst({
        where: { orgId: org.id, ...(where.toolName ? { toolName: where.toolName } : {}), ...(where.id ? { id: where.id } : {}), ...(where.status ? { status: where.status as never } : {}) },
        orderBy: { requestedAt: "desc" },
      });
      if (row) return row;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no approval request ${JSON.stringify(where)} within ${timeoutMs} ms`);
  }

  async function close() {
    await proxy.close();
    await runner.close();
    await api.close();
    await controlPlane.close();
    await upstream.close();
    await jobs.close();
    const keys = await producerRedis.keys(`${jobsPrefix}:*`);
    if (keys.length > 0) await producerRedis.del(...keys);
    await producerRedis.del(decisionStream);
    hub.close();
    producerRedis.disconnect();
    workerRedis.disconnect();
    await db.$disconnect();
  }

  return { db, ctx, org, api, upstream, proxy, approvals, jobsPrefix, mailboxDir, childProxyEnv, apiKey, member, connectAgent, waitForRevision, waitForApproval, close };
}

export type ApprovalSystem = Awaited<ReturnType<typeof startApprovalSystem>>;
