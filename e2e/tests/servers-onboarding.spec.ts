// A new user, from nothing to a governed tool call, with the demo upstream as "their" MCP server:
// sign up, register it (field errors first), see six classified tools, publish the starter
// policy, create an identity and token, copy a client config, call through the proxy with an MCP
// SDK client, and find the decisions in the decision log. Screenshots of every step.
//
// The web app under test is the build Playwright starts; the demo upstream, a proxy (on the port
// GATEHOUSE_PUBLIC_PROXY_URL names), the internal bundles API and a decision-log worker run in
// this process against the same database and Redis, each on private names.
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDb } from "@gatehouse/db";
import { type DemoUpstream, startDemoUpstream } from "@gatehouse/demo-upstream";
import { createRedis } from "@gatehouse/jobs";
import { type ProxyHandle, startProxy } from "@gatehouse/proxy";
import { parseEncryptionKey } from "@gatehouse/services";
import { serveInternalBundlesApi } from "@gatehouse/services/testing";
import { createLogger } from "@gatehouse/shared/node";
import { ingestDecisions } from "@gatehouse/worker";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail, uniqueName } from "../support/accounts";
import { LAPTOP, PHONE, saveScreenshot } from "../support/screenshots";

const UPSTREAM_KEY = `demo-${randomBytes(6).toString("hex")}`;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const quiet = createLogger("error", {}, () => {});

let demo: DemoUpstream;
let proxy: ProxyHandle;
let controlPlane: Awaited<ReturnType<typeof serveInternalBundlesApi>>;
let stopWorker: () => Promise<void>;

test.beforeAll(async () => {
  const databaseUrl = process.env.DATABASE_URL;
  const proxyUrl = process.env.GATEHOUSE_PUBLIC_PROXY_URL;
  if (!databaseUrl || !proxyUrl || !process.env.GATEHOUSE_ENCRYPTION_KEY) throw new Error("DATABASE_URL, GATEHOUSE_PUBLIC_PROXY_URL and GATEHOUSE_ENCRYPTION_KEY must be set");
  demo = await startDemoUpstream({ requiredHeader: { name: "X-Demo-Key", value: UPSTREAM_KEY } });
  const proxySecret = randomBytes(24).toString("base64url");
  controlPlane = await serveInternalBundlesApi({ databaseUrl, proxySecret });
  const stream = { key: `{gatehouse:decisions}:e2e:${randomBytes(6).toString("hex")}`, group: "ingest" };
  proxy = await startProxy(
    {
      controlPlaneUrl: controlPlane.url,
      proxySecret,
      encryptionKey: parseEncryptionKey(process.env.GATEHOUSE_ENCRYPTION_KEY),
      redisUrl: REDIS_URL,
      port: Number(new URL(proxyUrl).port),
      host: "127.0.0.1",
      stateDir: await mkdtemp(path.join(tmpdir(), "gatehouse-e2e-")),
      allowPrivateUpstreams: true,
      pollIntervalMs: 500,
      proxyId: `e2e-${randomBytes(3).toString("hex")}`,
      logLevel: "error",
      rateLimitPrefix: `gatehouse-e2e-${randomBytes(3).toString("hex")}:`,
      decisionStreamKey: stream.key,
      decisionBufferMax: 10_000,
    },
    quiet,
  );
  const db = createDb(databaseUrl, { maxConnections: 2 });
  const redis = createRedis(REDIS_URL, "worker");
  const abort = new AbortController();
  const running = ingestDecisions({ db, redis, log: quiet, consumer: "e2e", stream, blockMs: 100, retryInitialMs: 50, retryMaxMs: 200 }, abort.signal);
  stopWorker = async () => {
    abort.abort();
    await running.catch(() => {});
    await redis.del(stream.key);
    redis.disconnect();
    await db.$disconnect();
  };
});

test.afterAll(async () => {
  await stopWorker?.();
  await proxy?.close();
  await controlPlane?.close();
  await demo?.close();
});

async function connectAgent(proxyUrl: string, token: string): Promise<Client> {
  const client = new Client({ name: "e2e-agent", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(proxyUrl), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}

test("a new user registers their MCP server, governs it and calls a tool through the proxy in minutes", async ({ page, context }) => {
  test.setTimeout(120_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.setViewportSize(LAPTOP);
  const started = Date.now();

  // 1. A fresh organization: no servers yet.
  await signUp(page, { name: uniqueName("Nora"), email: uniqueEmail("onboard") });
  await expect(page.getByText("No servers registered")).toBeVisible();
  await saveScreenshot(page, "servers-1-empty");

  // 2. The register form: errors at their fields first.
  await page.getByRole("link", { name: "Register your first server" }).click();
  const form = page.getByRole("form", { name: "Register a server" });
  await form.getByRole("button", { name: "Register and discover tools" }).click();
  await expect(form.getByText("Give it a name.")).toBeVisible();
  await expect(form.getByText("Enter an http(s) URL.")).toBeVisible();
  await saveScreenshot(page, "servers-2-form-errors");

  // 3. Register the demo upstream with its credential; discovery runs at once.
  await form.getByLabel("Name", { exact: true }).fill("Flux images");
  await form.getByLabel("Upstream URL").fill(demo.url);
  await form.getByLabel("Header name").fill("X-Demo-Key");
  await form.getByLabel("Header value").fill(UPSTREAM_KEY);
  await form.getByRole("button", { name: "Register and discover tools" }).click();
  await expect(page).toHaveURL(/\/servers\/srv_/);
  await expect(page.getByRole("heading", { level: 1, name: "Flux images" })).toBeVisible();
  const tools = page.getByRole("table", { name: "Tools" });
  await expect(tools.getByRole("row")).toHaveCount(7); // header + six tools
  const edit = tools.getByRole("row").filter({ hasText: "flux_edit_image" });
  await expect(edit).toContainText("Write");
  await expect(edit).toContainText("Medium risk");
  await expect(edit).toContainText("Accepts URL/endpoint input (callback_url)");
  // Its calls are checked against its accepted inputSchema (the server's default: enforce).
  await expect(edit.getByTestId("tool-validation")).toHaveText("Enforced");
  await expect(tools.getByRole("row").filter({ hasText: "flux_delete_image" })).toContainText("Destructive");
  await expect(page.getByText("Credential X-Demo-Key: …")).toBeVisible();
  await expect(page.getByText(UPSTREAM_KEY)).toHaveCount(0);

  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("connection-status")).toContainText("Connected to Mcp Flux Pro");
  await saveScreenshot(page, "servers-3-tools", true);

  // 4. The starter policy, an identity and its token.
  const setup = page.getByRole("form", { name: "Set up access" });
  await expect(setup.getByRole("textbox", { name: "Starter policy" })).toHaveValue(/"hide": \[\s*"flux_delete_image"/);
  await expect(setup.getByRole("list", { name: "Starter policy rationale" })).toContainText("Hidden: destructive tools are not offered to agents.");
  await setup.getByRole("button", { name: "Publish policy and create token" }).click();
  await expect(setup.getByText("Name the agent that will connect.")).toBeVisible();
  await setup.getByLabel("Agent name").fill("claude-code-laptop");
  await setup.getByRole("button", { name: "Publish policy and create token" }).click();
  await expect(page.getByText("Policy published; identity created and granted this server.")).toBeVisible();
  await expect(page.getByTestId("secret-reveal")).toBeVisible();
  await saveScreenshot(page, "servers-4-token");

  // 5. The proxy URL and a client config carrying the token, copied.
  const proxyUrl = (await page.getByTestId("proxy-url").textContent())?.trim() ?? "";
  expect(proxyUrl).toBe(`${process.env.GATEHOUSE_PUBLIC_PROXY_URL}/mcp/${page.url().split("/servers/")[1]}`);
  await page.getByRole("tab", { name: "Cursor" }).click();
  const cursorConfig = JSON.parse((await page.getByTestId("config-cursor").textContent()) ?? "{}");
  const entry = cursorConfig.mcpServers["flux-images"];
  expect(entry.url).toBe(proxyUrl);
  const token = String(entry.headers.Authorization).replace(/^Bearer /, "");
  expect(token).toMatch(/^gth_/);
  await page.getByRole("button", { name: "Copy Cursor configuration" }).click();
  await expect(page.getByText("Cursor configuration copied")).toBeVisible();
  expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual(cursorConfig);
  await page.getByTestId("config-cursor").scrollIntoViewIfNeeded();
  await saveScreenshot(page, "servers-5-connect");

  // 6. An MCP SDK client through the proxy: the policy governs it (the bundle reaches the proxy
  // within its poll interval at worst).
  let agent: Client | null = null;
  await expect(async () => {
    agent = await connectAgent(proxyUrl, token);
  }).toPass({ timeout: 15_000 });
  const client = agent as unknown as Client;
  const listed = (await client.listTools()).tools.map((t) => t.name);
  expect(listed).toHaveLength(5);
  expect(listed).not.toContain("flux_delete_image");
  const allowed = (await client.callTool({ name: "flux_list_tasks", arguments: {} })) as CallToolResult;
  expect(allowed.isError).toBeFalsy();
  const denied = (await client.callTool({ name: "flux_edit_image", arguments: { prompt: "x", image_url: "https://img.example.com/a.png", model: "flux-kontext-pro", callback_url: "http://169.254.169.254/latest" } })) as CallToolResult;
  expect(denied.isError).toBe(true);
  expect(JSON.stringify(denied.content)).toContain("callback_url may not point at a private or local address.");
  await client.close();
  const firstGovernedCallSeconds = (Date.now() - started) / 1000;
  console.log(`onboarding: sign-up to first governed call through the proxy in ${firstGovernedCallSeconds.toFixed(1)} s (automated)`);

  // 7. The page's own test call, then both decisions in the decision log.
  await page.getByRole("button", { name: "Send a test call" }).click();
  await expect(page.getByTestId("test-call-result")).toContainText("Called flux_list_tasks through the proxy: allowed. The agent sees 5 tools.");
  await page.getByRole("link", { name: "Open the decision logs" }).click();
  // Each attempt reloads and gives the page time to load (seconds on a busy two-core machine, where
  // a 1 s look could only ever see the loading skeleton) before reading it again.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("flux_edit_image").first()).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 45_000 });
  await expect(page.getByText("flux_list_tasks").first()).toBeVisible();
  await saveScreenshot(page, "servers-6-decision-logs");

  // The servers list, at laptop and phone width.
  await page.goto("/servers");
  await expect(page.getByRole("table", { name: "Servers" })).toContainText("Flux images");
  await saveScreenshot(page, "servers-7-list");
  await page.setViewportSize(PHONE);
  await page.goto(page.url());
  await saveScreenshot(page, "servers-8-list-phone");
});
