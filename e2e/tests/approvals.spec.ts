// The approval inbox end to end: an MCP SDK client's call is held by a real proxy; an approver
// sees the request appear without reloading, approves it with a reason, and the held call
// completes. A viewer sees the inbox but no decide controls, and the API refuses them.
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDb } from "@gatehouse/db";
import { addTestMember, createTestOrg, createTestUser, testDatabaseUrl } from "@gatehouse/db/testing";
import { type DemoUpstream, startDemoUpstream } from "@gatehouse/demo-upstream";
import { ApprovalState, createBundleAnnouncer, createProducer, createRedis } from "@gatehouse/jobs";
import { type ProxyHandle, startProxy } from "@gatehouse/proxy";
import { createGrant, createIdentity, createPolicy, createServer, hashPassword, mintToken, type ServiceContext } from "@gatehouse/services";
import { serveInternalBundlesApi } from "@gatehouse/services/testing";
import { createLogger } from "@gatehouse/shared/node";
import { createMailer, runCatalogJobs } from "@gatehouse/worker";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { expect, test } from "@playwright/test";
import { PASSWORD, signInWithPassword, uniqueEmail } from "../support/accounts";
import { LAPTOP, PHONE, saveScreenshot } from "../support/screenshots";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const POLICY = {
  version: "1",
  default: "allow",
  tools: { flux_generate_image: { approve_if: [{ id: "wide", conditions: [{ path: "args.width", op: "gt", value: 1024 }] }], approval: { hold: "45s", timeout: "10m" } } },
};

test.describe.configure({ mode: "serial" });

let stack: Awaited<ReturnType<typeof startStack>>;

async function startStack() {
  const db = createDb(testDatabaseUrl(), { maxConnections: 4 });
  const encryptionKey = Buffer.from(process.env.GATEHOUSE_ENCRYPTION_KEY ?? "", "hex");
  const proxySecret = randomBytes(24).toString("base64url");
  const jobsPrefix = `gh-e2e-${randomBytes(5).toString("hex")}`;
  const producerRedis = createRedis(REDIS_URL, "producer");
  const workerRedis = createRedis(REDIS_URL, "worker");
  const approvals = new ApprovalState(producerRedis);
  const jobs = createProducer(producerRedis, { prefix: jobsPrefix });
  const quiet = createLogger("error", {}, () => {});
  const org = await createTestOrg(db);
  const ctx: ServiceContext = {
    db,
    orgId: org.id,
    role: "admin",
    actor: { type: "system", label: "e2e" },
    requestId: "req_e2e",
    secrets: { encryptionKey },
    bundles: createBundleAnnouncer(producerRedis),
  };
  const upstream: DemoUpstream = await startDemoUpstream({});
  const controlPlane = await serveInternalBundlesApi({ databaseUrl: testDatabaseUrl(), proxySecret });
  const runner = runCatalogJobs({
    db,
    connection: workerRedis,
    prefix: jobsPrefix,
    secrets: { encryptionKey },
    approvals,
    jobs,
    mailer: createMailer({ mailboxDir: await mkdtemp(path.join(tmpdir(), "gh-e2e-mail-")), log: quiet }),
    log: quiet,
    webUrl: "http://localhost",
  });
  const proxy: ProxyHandle = await startProxy(
    {
      controlPlaneUrl: controlPlane.url,
      proxySecret,
      encryptionKey,
      redisUrl: REDIS_URL,
      port: 0,
      host: "127.0.0.1",
      stateDir: await mkdtemp(path.join(tmpdir(), "gh-e2e-proxy-")),
      allowPrivateUpstreams: true,
      pollIntervalMs: 60_000,
      proxyId: `e2e-${randomBytes(3).toString("hex")}`,
      logLevel: "error",
      rateLimitPrefix: "gatehouse:",
      decisionStreamKey: `{gatehouse:decisions}:e2e:${randomBytes(6).toString("hex")}`,
      decisionBufferMax: 1000,
      jobsPrefix,
    },
    quiet,
  );
  const server = await createServer({ ...ctx, allowPrivateNetworks: true }, { name: "flux-e2e", upstreamUrl: upstream.url });
  const policy = await createPolicy(ctx, { serverId: server.id, name: "held", document: POLICY, publish: true });
  const identity = await createIdentity(ctx, { name: "render-bot" });
  await createGrant(ctx, { identityId: identity.id, serverId: server.id, policyId: policy.policy.id });
  const token = (await mintToken(ctx, { identityId: identity.id })).plaintext;
  const bundle = await db.orgBundle.findUniqueOrThrow({ where: { orgId: org.id } });
  for (let i = 0; i < 200 && (proxy.store.org(org.id)?.bundle.revision ?? 0) < bundle.revision; i++) await new Promise((r) => setTimeout(r, 25));

  async function person(role: "approver" | "viewer") {
    const email = uniqueEmail(role);
    const user = await createTestUser(db, { email, name: `E2E ${role}`, passwordHash: await hashPassword(PASSWORD) });
    // Password sign-in requires a verified email (sign-up verifies it through the mailbox).
    await db.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
    await addTestMember(db, { orgId: org.id, userId: user.id, role });
    return email;
  }
  async function agent(): Promise<Client> {
    const client = new Client({ name: "e2e-agent", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${proxy.url}/mcp/${server.id}`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
    return client;
  }
  async function close() {
    await proxy.close();
    await runner.close();
    await controlPlane.close();
    await upstream.close();
    await jobs.close();
    producerRedis.disconnect();
    workerRedis.disconnect();
    await db.$disconnect();
  }
  return { db, org, upstream, person, agent, close };
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  stack = await startStack();
});

test.afterAll(async () => {
  await stack?.close();
});

test("an approver sees a held call appear live, approves it with a reason, and the call completes", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize(LAPTOP);
  await signInWithPassword(page, await stack.person("approver"), PASSWORD);
  await page.waitForURL(/\/servers/);
  await page.goto("/approvals");
  await expect(page.getByRole("heading", { name: "Approvals" })).toBeVisible();
  await expect(page.getByText("Nothing waiting for a decision")).toBeVisible();
  await saveScreenshot(page, "approvals-empty");

  const client = await stack.agent();
  const prompt = `a wide lighthouse ${randomBytes(3).toString("hex")}`;
  const held = client.callTool({ name: "flux_generate_image", arguments: { prompt, width: 1440, height: 768 } }, undefined, { timeout: 60_000 });

  // Appears without a reload (Server-Sent Events), with the arguments and a countdown.
  const card = page.getByTestId("approval-card");
  await expect(card).toHaveCount(1, { timeout: 20_000 });
  await expect(card).toContainText("flux_generate_image");
  await expect(card).toContainText("render-bot");
  await expect(card.getByLabel("Arguments")).toContainText(prompt);
  await expect(card.getByTestId("countdown")).toContainText("left");
  await expect(page.getByTestId("approvals-badge").first()).toContainText("1");
  await saveScreenshot(page, "approvals-pending");

  await card.getByRole("button", { name: "Approve" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel(/Reason/).fill("Budget ok for this one");
  await saveScreenshot(page, "approvals-decide-dialog");
  await dialog.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("Approved flux_generate_image")).toBeVisible();

  const result = await held;
  expect(result.isError).toBeFalsy();
  expect(stack.upstream.stats().calls.flux_generate_image).toBe(1);
  await expect(card).toHaveCount(0);
  await expect(page.getByText("Nothing waiting for a decision")).toBeVisible();

  await page.getByRole("tab", { name: "History" }).click();
  const history = page.getByRole("table", { name: "Approval history" });
  await expect(history).toContainText("Budget ok for this one");
  await saveScreenshot(page, "approvals-history");
  await page.setViewportSize(PHONE);
  await saveScreenshot(page, "approvals-history-phone", true);
  await client.close();
});

test("a viewer sees the inbox but no decide controls, and the API refuses a decision", async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize(LAPTOP);
  const client = await stack.agent();
  const held = client.callTool({ name: "flux_generate_image", arguments: { prompt: `viewer ${randomBytes(3).toString("hex")}`, width: 1408, height: 768 } }, undefined, { timeout: 60_000 });
  await signInWithPassword(page, await stack.person("viewer"), PASSWORD);
  await page.waitForURL(/\/servers/);
  await page.goto("/approvals");
  const card = page.getByTestId("approval-card");
  await expect(card).toHaveCount(1, { timeout: 20_000 });
  await expect(card.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expect(card.getByRole("button", { name: "Deny" })).toHaveCount(0);
  await expect(card).toContainText("values are shown to approvers only");
  await saveScreenshot(page, "approvals-viewer");
  const id = await card.getAttribute("data-approval-id");
  const refused = await page.request.post(`/api/v1/approvals/${id}/approve`, { data: {} });
  expect(refused.status()).toBe(403);
  // Leave nothing held: deny it as the system would expire it.
  await stack.db.approvalRequest.update({ where: { id: id ?? "" }, data: { expiresAt: new Date() } });
  await client.close();
  await held.catch(() => {});
});
