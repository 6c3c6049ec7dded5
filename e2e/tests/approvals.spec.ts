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
import { createGrant, createIdentity, createPolicy, createServer, expireApproval, hashPassword, mintToken, type ServiceContext } from "@gatehouse/services";
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
  tools: { flux_generate_image: { approve_if: [{ id: "wide", conditions: [{ path: "args.width", op: "gt", value: 1024 }] }], approval: { hold: "90s", timeout: "10m" } } },
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
  /** Ends a pending request now, as its approval.expire job would at its expiry. */
  async function expire(approvalId: string) {
    await db.approvalRequest.update({ where: { id: approvalId }, data: { expiresAt: new Date() } });
    await expireApproval({ ...ctx, approvals }, { approvalId });
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
  return { db, org, upstream, person, agent, expire, close };
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
  // Leave nothing pending for the next test: expire it as the system would.
  await stack.expire(id ?? "");
  await client.close();
  await held.catch(() => {});
});

test("an approver decides several held calls at once with one reason, and sees what could not be decided", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize(LAPTOP);
  await signInWithPassword(page, await stack.person("approver"), PASSWORD);
  await page.waitForURL(/\/servers/);
  await page.goto("/approvals");
  const upstreamBefore = stack.upstream.stats().calls.flux_generate_image ?? 0;

  const client = await stack.agent();
  const tag = randomBytes(3).toString("hex");
  const prompts = ["harbour", "lighthouse", "storm", "dunes"].map((word) => `bulk ${word} ${tag}`);
  const held = prompts.map((prompt) => client.callTool({ name: "flux_generate_image", arguments: { prompt, width: 1440, height: 768 } }, undefined, { timeout: 120_000 }));
  const cards = page.getByTestId("approval-card").filter({ hasText: tag });
  await expect(cards).toHaveCount(4, { timeout: 30_000 });
  const item = (prompt: string) => page.getByRole("listitem").filter({ has: page.getByTestId("approval-card").filter({ hasText: prompt }) });
  const [harbour, lighthouse, storm, dunes] = prompts as [string, string, string, string];

  // Two chosen → one approval with one reason; both held calls complete, the other two stay.
  const toolbar = page.getByRole("toolbar", { name: "Decide several requests" });
  await expect(toolbar.getByRole("button", { name: "Approve selected" })).toBeDisabled();
  await item(harbour).getByRole("checkbox").check();
  await item(lighthouse).getByRole("checkbox").check();
  await expect(page.getByTestId("bulk-count")).toHaveText("2 selected");
  await saveScreenshot(page, "approvals-bulk-selected");
  await toolbar.getByRole("button", { name: "Approve selected" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: "Approve 2 calls?" })).toBeVisible();
  await expect(dialog.getByRole("list", { name: "Chosen requests" }).getByRole("listitem")).toHaveCount(2);
  await dialog.getByLabel(/Reason/).fill("Batch of renders ok");
  await saveScreenshot(page, "approvals-bulk-dialog");
  await dialog.getByRole("button", { name: "Approve 2" }).click();
  await expect(page.getByText("Approved 2 requests")).toBeVisible();
  for (const call of [held[0], held[1]]) {
    const result = await call;
    expect(result?.isError, JSON.stringify(result?.content)).toBeFalsy();
  }
  expect(stack.upstream.stats().calls.flux_generate_image).toBe(upstreamBefore + 2);
  await expect(cards).toHaveCount(2);
  await expect(page.getByTestId("bulk-count")).toHaveText("Select requests to decide them together");

  // Deny the other two together; one of them is approved elsewhere while the dialog is open:
  // the denial goes through for the other, and the inbox says which one was not decided and why.
  await toolbar.getByRole("checkbox", { name: "Select all pending requests" }).check();
  await expect(page.getByTestId("bulk-count")).toHaveText("2 selected");
  await page.setViewportSize(PHONE);
  await saveScreenshot(page, "approvals-bulk-selected-phone", true);
  await page.setViewportSize(LAPTOP);
  await toolbar.getByRole("button", { name: "Deny selected" }).click();
  await expect(dialog.getByRole("heading", { name: "Deny 2 calls?" })).toBeVisible();
  // Deny needs a reason: the agents read it.
  await dialog.getByRole("button", { name: "Deny 2" }).click();
  await expect(dialog).toContainText("Say why the calls are denied");
  const dunesId = await page.getByTestId("approval-card").filter({ hasText: dunes }).getAttribute("data-approval-id");
  const elsewhere = await page.request.post(`/api/v1/approvals/${dunesId}/approve`, { data: { reason: "approved by a colleague" } });
  expect(elsewhere.status()).toBe(200);
  await dialog.getByLabel(/Reason/).fill("Too wide for the budget");
  await dialog.getByRole("button", { name: "Deny 2" }).click();
  await expect(page.getByText("Denied 1 request")).toBeVisible();
  const failures = page.getByTestId("bulk-failures");
  await expect(failures).toContainText("One request was not decided");
  // The held call may already have run on that approval (consumed) by the time the denial arrives.
  await expect(failures).toContainText(/flux_generate_image from render-bot: This request was already (approved|consumed)/);
  await saveScreenshot(page, "approvals-bulk-partial");

  const denied = await held[2];
  expect(denied?.isError).toBe(true);
  expect(JSON.stringify(denied?.content)).toContain("[APPROVAL DENIED]");
  expect(JSON.stringify(denied?.content)).toContain("Too wide for the budget");
  const approvedElsewhere = await held[3];
  expect(approvedElsewhere?.isError, JSON.stringify(approvedElsewhere?.content)).toBeFalsy();
  expect(stack.upstream.stats().calls.flux_generate_image).toBe(upstreamBefore + 3);
  await expect(cards.filter({ hasText: storm })).toHaveCount(0);
  await expect(cards).toHaveCount(0);
  await page.getByRole("tab", { name: "History" }).click();
  const history = page.getByRole("table", { name: "Approval history" });
  await expect(history).toContainText("Batch of renders ok");
  await expect(history).toContainText("Too wide for the budget");
  await client.close();
});
