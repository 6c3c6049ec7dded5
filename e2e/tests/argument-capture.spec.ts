// Argument capture end to end in the dashboard: an admin turns it on in the server's settings, an
// SDK agent's calls go through a real proxy to the demo upstream, a decision-log worker stores the
// sealed arguments, and the policy editor's replay of a stricter draft (a deny_if on an argument)
// reports the one call it would refuse and how many calls were decided with captured arguments.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDb } from "@gatehouse/db";
import { createTestGrant, createTestIdentity, createTestPolicy, createTestServer, createTestToken, testDatabaseUrl } from "@gatehouse/db/testing";
import { type DemoUpstream, IMAGE_HOST, startDemoUpstream } from "@gatehouse/demo-upstream";
import { createRedis } from "@gatehouse/jobs";
import { type ProxyHandle, startProxy } from "@gatehouse/proxy";
import { rebuildBundle } from "@gatehouse/services";
import { createLogger } from "@gatehouse/shared/node";
import { ingestDecisions } from "@gatehouse/worker";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail, uniqueName } from "../support/accounts";
import { LAPTOP, saveScreenshot } from "../support/screenshots";

const db = createDb(testDatabaseUrl(), { maxConnections: 2 });
const suffix = Date.now().toString(36);
const stream = { key: `{gatehouse:decisions}:e2e-capture:${suffix}`, group: "ingest" };
let upstream: DemoUpstream;
let proxy: ProxyHandle;
const stopWorker = new AbortController();
const workerRedis = createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", "worker");
let worker: Promise<void> | undefined;

test.beforeAll(async ({ baseURL }) => {
  upstream = await startDemoUpstream();
  proxy = await startProxy(
    {
      controlPlaneUrl: (baseURL ?? "").replace("//localhost", "//127.0.0.1"),
      proxySecret: process.env.GATEHOUSE_PROXY_SECRET ?? "",
      encryptionKey: Buffer.from(process.env.GATEHOUSE_ENCRYPTION_KEY ?? "", "hex"),
      redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      port: 0,
      host: "127.0.0.1",
      stateDir: await mkdtemp(path.join(tmpdir(), "gatehouse-e2e-capture-")),
      allowPrivateUpstreams: true,
      pollIntervalMs: 500,
      proxyId: `e2e-capture-${suffix}`,
      logLevel: "error",
      rateLimitPrefix: `gatehouse-e2e-${suffix}:`,
      decisionStreamKey: stream.key,
      decisionBufferMax: 1000,
    },
    createLogger("error", {}, () => {}),
  );
  worker = ingestDecisions({ db, redis: workerRedis, log: createLogger("error", {}, () => {}), consumer: "e2e-capture", stream, blockMs: 100 }, stopWorker.signal);
});

test.afterAll(async () => {
  stopWorker.abort();
  await worker?.catch(() => {});
  await workerRedis.del(stream.key).catch(() => {});
  workerRedis.disconnect();
  await proxy?.close();
  await upstream?.close();
  await db.$disconnect();
});

async function callEdit(token: string, serverId: string, model: string): Promise<void> {
  const client = new Client({ name: "e2e-capture-agent", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${proxy.url}/mcp/${serverId}`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  try {
    const result = await client.callTool({ name: "flux_edit_image", arguments: { image_url: `${IMAGE_HOST}/source.png`, prompt: "make it blue", model } });
    expect(result.isError).toBeFalsy();
  } finally {
    await client.close();
  }
}

test("an admin turns on argument capture; replay of a stricter draft is decided with the captured arguments", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize(LAPTOP);
  await signUp(page, { name: uniqueName("Cam"), email: uniqueEmail("capture") });
  await page.goto("/settings");
  const orgId = ((await page.getByTestId("org-id").textContent()) ?? "").trim();
  const server = await createTestServer(db, { orgId, upstreamUrl: upstream.url, name: "Flux" });
  const identity = await createTestIdentity(db, { orgId, name: "image-bot" });
  const token = (await createTestToken(db, { orgId, identityId: identity.id })).plaintext;
  const policy = await createTestPolicy(db, { orgId, serverId: server.id, name: "flux agents", document: { version: "1", default: "allow" } });
  await createTestGrant(db, { orgId, identityId: identity.id, serverId: server.id, policyId: policy.id });
  await rebuildBundle(db, orgId);

  // The server's settings: off by default, turned on by the admin.
  await page.goto(`/servers/${server.id}`);
  const card = page.getByTestId("argument-capture");
  await expect(card).toContainText("Off");
  await card.getByRole("switch", { name: "Capture tool call arguments" }).click();
  await expect(card).toContainText("On · kept 7 days");
  await saveScreenshot(page, "server-argument-capture", true);
  await expect.poll(() => proxy.store.findServer(server.id)?.server.captureArguments ?? false, { timeout: 15_000 }).toBe(true);

  for (const model of ["flux-kontext-pro", "flux-kontext-pro", "flux-kontext-max"]) await callEdit(token, server.id, model);
  await expect.poll(() => db.capturedArguments.count({ where: { orgId, serverId: server.id } }), { timeout: 15_000 }).toBe(3);

  // A stricter draft: no edits with the max model. Only the captured values can tell.
  await page.goto(`/policies/${policy.id}`);
  await page.getByRole("tab", { name: "JSON" }).click();
  const content = page.getByTestId("json-editor").locator(".cm-content");
  await content.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(
    '{\n  "version": "1",\n  "default": "allow",\n  "tools": { "flux_edit_image": { "deny_if": [ { "id": "no-max", "conditions": [ { "path": "args.model", "op": "eq", "value": "flux-kontext-max" } ] } ] } }\n}\n',
  );
  await expect(page.getByTestId("draft-status")).toContainText("Valid draft");
  await page.getByRole("tab", { name: "Replay" }).click();
  await page.getByRole("button", { name: "Replay the draft" }).click();
  const report = page.getByTestId("replay-report");
  await expect(report.getByTestId("replay-calls-in-range")).toHaveText("3");
  await expect(report.getByTestId("replay-with-captured-arguments")).toHaveText("3");
  await expect(report.getByTestId("replay-would-change")).toHaveText("1");
  await expect(report.getByRole("table", { name: "Decisions that would change" })).toContainText("/tools/flux_edit_image/deny_if/no-max");
  await expect(report.getByTestId("replay-capture-note")).toContainText("Argument capture is on");
  await saveScreenshot(page, "policy-replay-captured", true);
});
