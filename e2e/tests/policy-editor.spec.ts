// The policy editor end to end: a rule written in the visual builder shows in the JSON, is
// published, and the next tools/list and tools/call through a real proxy follow it; the simulator
// gives the decision the proxy gave; rollback restores the old behaviour; the diff shows what
// changed; JSON mode puts an error at its line and refuses to publish; replay counts what a
// stricter draft would change; a viewer gets no edit control and the API refuses them.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDb } from "@gatehouse/db";
import { addTestMember, createTestGrant, createTestIdentity, createTestPolicy, createTestServer, createTestToken, createTestUser, testDatabaseUrl } from "@gatehouse/db/testing";
import { type DemoUpstream, IMAGE_HOST, startDemoUpstream } from "@gatehouse/demo-upstream";
import { type ProxyHandle, startProxy } from "@gatehouse/proxy";
import { hashPassword, rebuildBundle } from "@gatehouse/services";
import { newId } from "@gatehouse/shared";
import { createLogger } from "@gatehouse/shared/node";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type Page, expect, test } from "@playwright/test";
import { PASSWORD, signInWithPassword, signUp, uniqueEmail, uniqueName } from "../support/accounts";
import { LAPTOP, PHONE, saveScreenshot } from "../support/screenshots";

const db = createDb(testDatabaseUrl(), { maxConnections: 2 });
let upstream: DemoUpstream;
let proxy: ProxyHandle;

test.beforeAll(async ({ baseURL }) => {
  upstream = await startDemoUpstream();
  proxy = await startProxy(
    {
      // The web server listens on 127.0.0.1 only; Node may resolve "localhost" to ::1.
      controlPlaneUrl: (baseURL ?? "").replace("//localhost", "//127.0.0.1"),
      proxySecret: process.env.GATEHOUSE_PROXY_SECRET ?? "",
      encryptionKey: Buffer.from(process.env.GATEHOUSE_ENCRYPTION_KEY ?? "", "hex"),
      redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      port: 0,
      host: "127.0.0.1",
      stateDir: await mkdtemp(path.join(tmpdir(), "gatehouse-e2e-policy-")),
      allowPrivateUpstreams: true,
      pollIntervalMs: 500,
      proxyId: `e2e-policy-${Date.now().toString(36)}`,
      logLevel: "error",
      rateLimitPrefix: `gatehouse-e2e-${Date.now().toString(36)}:`,
      decisionStreamKey: `{gatehouse:decisions}:e2e-policy:${Date.now().toString(36)}`,
      decisionBufferMax: 1000,
    },
    createLogger("error", {}, () => {}),
  );
});

test.afterAll(async () => {
  await proxy?.close();
  await upstream?.close();
  await db.$disconnect();
});

/** An org (signed up through the UI) with the demo server, its discovered tools, an identity with a token and a grant under an allow-all policy. */
async function setUp(page: Page) {
  await page.setViewportSize(LAPTOP);
  await signUp(page, { name: uniqueName("Pat"), email: uniqueEmail("policy") });
  await page.goto("/settings");
  const orgId = ((await page.getByTestId("org-id").textContent()) ?? "").trim();
  const server = await createTestServer(db, { orgId, upstreamUrl: upstream.url, name: "Flux" });
  const discovery = new Client({ name: "e2e-discovery", version: "1.0.0" });
  await discovery.connect(new StreamableHTTPClientTransport(new URL(upstream.url)));
  const { tools } = await discovery.listTools();
  await discovery.close();
  await db.tool.createMany({
    data: tools.map((t) => ({ id: newId("tool"), orgId, serverId: server.id, name: t.name, description: t.description ?? null, inputSchema: JSON.parse(JSON.stringify(t.inputSchema)), definitionHash: t.name })),
  });
  const identity = await createTestIdentity(db, { orgId, name: "image-bot" });
  const token = await createTestToken(db, { orgId, identityId: identity.id });
  const policy = await createTestPolicy(db, { orgId, serverId: server.id, name: "flux agents", document: { version: "1", default: "allow" } });
  await createTestGrant(db, { orgId, identityId: identity.id, serverId: server.id, policyId: policy.id });
  await rebuildBundle(db, orgId);
  return { orgId, server, identity, token: token.plaintext, policy };
}

async function agent(token: string, serverId: string): Promise<Client> {
  const client = new Client({ name: "e2e-agent", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${proxy.url}/mcp/${serverId}`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}

/** The tools/list the agent sees (or the error it got, so a poll shows why it is still waiting). */
async function toolNames(token: string, serverId: string): Promise<string[]> {
  try {
    const client = await agent(token, serverId);
    try {
      return (await client.listTools()).tools.map((t) => t.name);
    } finally {
      await client.close();
    }
  } catch (error) {
    return [`error: ${error instanceof Error ? error.message : String(error)}`];
  }
}

async function callEdit(token: string, serverId: string) {
  const client = await agent(token, serverId);
  try {
    const result = await client.callTool({ name: "flux_edit_image", arguments: { image_url: `${IMAGE_HOST}/source.png`, prompt: "make it blue", model: "flux-kontext-pro" } });
    const meta = (result._meta as Record<string, { outcome: string; rule: string }> | undefined)?.["gatehouse/decision"];
    return { isError: result.isError === true, outcome: meta?.outcome ?? "allowed", rule: meta?.rule ?? "" };
  } finally {
    await client.close();
  }
}

test("hide a tool in the builder, publish, the proxy follows; the simulator agrees; roll back restores it", async ({ page }) => {
  test.setTimeout(150_000);
  const { server, token, policy } = await setUp(page);
  await expect.poll(() => toolNames(token, server.id), { timeout: 15_000 }).toContain("flux_edit_image");

  await page.goto("/policies");
  await page.getByRole("link", { name: "flux agents" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "flux agents" })).toBeVisible();

  // The builder lists the discovered tools; set flux_edit_image to Hide.
  const row = page.getByTestId("tool-row-flux_edit_image");
  await row.getByLabel("Rule for flux_edit_image").selectOption("hide");
  await expect(page.getByTestId("draft-status")).toContainText("Unsaved changes");
  await saveScreenshot(page, "policy-builder", true);

  // The JSON shows the same draft.
  await page.getByRole("tab", { name: "JSON" }).click();
  const editor = page.getByTestId("json-editor");
  await expect(editor).toContainText('"hide": [');
  await expect(editor).toContainText('"flux_edit_image"');

  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published version 2")).toBeVisible();

  // The next tools/list through the proxy omits it, and a call is refused as hidden.
  await expect.poll(() => toolNames(token, server.id), { timeout: 15_000 }).not.toContain("flux_edit_image");
  const refused = await callEdit(token, server.id);
  expect(refused).toEqual({ isError: true, outcome: "denied", rule: "(hidden)" });

  // The simulator, on the published version, gives the proxy's decision.
  await page.getByRole("tab", { name: "Simulate" }).click();
  const sim = page.getByRole("form", { name: "Simulate a call" });
  await sim.getByLabel("Policy").selectOption("published");
  await sim.getByLabel("Tool", { exact: true }).selectOption("flux_edit_image");
  await sim.getByLabel("Identity").selectOption({ label: "image-bot (agent)" });
  await sim.getByLabel("image_url").fill("https://images.example.com/a.png");
  await sim.getByRole("button", { name: "Simulate" }).click();
  await expect(page.getByTestId("simulation-result")).toContainText("Denied");
  await expect(page.getByTestId("decision-rule")).toHaveText(refused.rule);
  await saveScreenshot(page, "policy-simulator", true);

  // Versions: the diff of v1 → v2 names the hide, then roll back to v1.
  await page.getByRole("tab", { name: "Versions" }).click();
  await page.getByLabel("Compare from").selectOption("1");
  await page.getByLabel("Compare to").selectOption("2");
  await expect(page.getByTestId("diff-row").filter({ hasText: "hide" })).toContainText("added");
  await saveScreenshot(page, "policy-diff", true);
  await page.getByTestId("version-1").getByRole("button", { name: "Roll back" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Roll back" }).click();
  await expect(page.getByText("Rolled back to version 1")).toBeVisible();
  await expect.poll(() => toolNames(token, server.id), { timeout: 15_000 }).toContain("flux_edit_image");
  expect(await callEdit(token, server.id)).toEqual({ isError: false, outcome: "allowed", rule: "" });

  const audit = await db.auditEvent.findMany({ where: { targetId: policy.id }, orderBy: { createdAt: "asc" }, select: { action: true } });
  expect(audit.map((a) => a.action)).toEqual(["policy.publish", "policy.rollback"]);
});

test("JSON mode completes keys, shows an invalid document's error at its line and cannot publish it; replay reports what a stricter draft changes", async ({ page }) => {
  test.setTimeout(120_000);
  const { orgId, server, identity, policy } = await setUp(page);
  const base = Date.now() - 30 * 60_000;
  await db.decisionLog.createMany({
    data: [1, 2, 3].map((i) => ({
      id: newId("decision"),
      orgId,
      requestId: newId("request"),
      serverId: server.id,
      identityId: identity.id,
      method: "tools/call",
      toolName: i === 3 ? "flux_get_task" : "flux_edit_image",
      outcome: "allowed" as const,
      createdAt: new Date(base + i * 60_000),
    })),
  });

  await page.goto(`/policies/${policy.id}`);
  // A custom rule written in the builder: deny flux_generate_image prompts that mention a logo.
  const row = page.getByTestId("tool-row-flux_generate_image");
  await row.getByLabel("Rule for flux_generate_image").selectOption("custom");
  const denyIf = row.getByRole("group", { name: "deny_if", exact: true });
  await denyIf.getByRole("button", { name: "Add to deny_if" }).click();
  await denyIf.getByLabel("Path").fill("args.prompt");
  await denyIf.getByLabel("Operator").selectOption("contains");
  await denyIf.getByLabel("Value").fill("logo");
  await denyIf.getByLabel("Message when refused (on_deny)").fill("No logos, please.");
  await saveScreenshot(page, "policy-builder-custom", true);
  await page.getByRole("tab", { name: "JSON" }).click();
  await expect(page.getByTestId("json-editor")).toContainText('"op": "contains"');
  await expect(page.getByTestId("json-editor")).toContainText('"on_deny": "No logos, please."');
  await page.getByRole("tab", { name: "Simulate" }).click();
  const sim = page.getByRole("form", { name: "Simulate a call" });
  await sim.getByLabel("Tool", { exact: true }).selectOption("flux_generate_image");
  await sim.getByLabel("prompt").fill("a logo for a bakery");
  await sim.getByRole("button", { name: "Simulate" }).click();
  await expect(page.getByTestId("decision-rule")).toHaveText("/tools/flux_generate_image/deny_if/args.prompt-contains");
  await expect(page.getByTestId("simulation-result")).toContainText("No logos, please.");

  await page.getByRole("tab", { name: "JSON" }).click();
  const content = page.getByTestId("json-editor").locator(".cm-content");
  await content.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText('{\n  "version": "1",\n  "default": "sometimes",\n  "tools": {}\n}\n');
  // The engine's error sits on the line of "default", and publishing is refused.
  const errorLine = page.getByTestId("json-editor").locator(".cm-line").filter({ has: page.locator(".cm-lintRange-error") });
  await expect(errorLine).toHaveText('  "default": "sometimes",');
  await expect(page.getByTestId("draft-status")).toContainText("1 error");
  await expect(page.getByTestId("draft-errors")).toContainText("default");
  await expect(page.getByRole("button", { name: "Publish", exact: true })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save draft" })).toBeDisabled();
  await page.getByTestId("json-editor").locator(".cm-lint-marker-error").first().hover();
  await saveScreenshot(page, "policy-json-error", true);

  // Completion offers the keys the language allows where the cursor is.
  await content.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText('{\n  "version": "1",\n  "def');
  await page.keyboard.press("Control+Space");
  const completions = page.locator(".cm-tooltip-autocomplete");
  await expect(completions).toContainText('"default"');
  await page.keyboard.press("Escape");

  // A stricter draft: hide flux_edit_image. Replay says two past calls would now be refused.
  await content.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText('{\n  "version": "1",\n  "default": "allow",\n  "hide": ["flux_edit_image"]\n}\n');
  await expect(page.getByTestId("draft-status")).toContainText("Valid draft");
  await page.getByRole("tab", { name: "Replay" }).click();
  await page.getByRole("button", { name: "Replay the draft" }).click();
  const report = page.getByTestId("replay-report");
  await expect(report.getByTestId("replay-calls-in-range")).toHaveText("3");
  await expect(report.getByTestId("replay-would-change")).toHaveText("2");
  await expect(report.getByRole("table", { name: "Decisions that would change" })).toContainText("(hidden)");
  await saveScreenshot(page, "policy-replay", true);

  await page.setViewportSize(PHONE);
  await page.getByRole("tab", { name: "Builder" }).click();
  await saveScreenshot(page, "policy-builder-phone", true);
});

test("an admin creates a policy from the list and loads the starter policy; a viewer sees no edit control, and the API refuses their publish", async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const { orgId, server, policy } = await setUp(page);

  // The admin creates a second policy from the list, and starts it from the server's starter policy.
  await page.goto("/policies");
  await page.getByRole("button", { name: "New policy" }).click();
  const form = page.getByRole("form", { name: "New policy" });
  await form.getByLabel("Name").fill("strict");
  await form.getByLabel("Server").selectOption(server.id);
  await form.getByRole("button", { name: "Create policy" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "strict" })).toBeVisible();
  await expect(page.getByText("Nothing is published yet")).toBeVisible();
  await page.getByRole("button", { name: "Starter policy" }).click();
  await expect(page.getByText(/Starter policy loaded into the draft/)).toBeVisible();
  await expect(page.getByTestId("draft-status")).toContainText("Unsaved changes");

  const email = uniqueEmail("viewer");
  const viewer = await createTestUser(db, { email, passwordHash: await hashPassword(PASSWORD) });
  // Password sign-in needs a confirmed address.
  await db.user.update({ where: { id: viewer.id }, data: { emailVerified: new Date() } });
  await addTestMember(db, { orgId, userId: viewer.id, role: "viewer" });

  const context = await browser.newContext();
  const viewerPage = await context.newPage();
  await signInWithPassword(viewerPage, email, PASSWORD);
  await expect(viewerPage).toHaveURL(/\/servers$/);
  await viewerPage.goto(`/policies/${policy.id}`);
  await expect(viewerPage.getByRole("heading", { level: 1, name: "flux agents" })).toBeVisible();
  await expect(viewerPage.getByTestId("tool-row-flux_edit_image")).toContainText("Default");
  for (const name of ["Publish", "Publish as shadow", "Save draft", "Import Intercept YAML", "Starter policy"]) {
    await expect(viewerPage.getByRole("button", { name, exact: true })).toHaveCount(0);
  }
  await expect(viewerPage.getByLabel("Rule for flux_edit_image")).toHaveCount(0);
  await viewerPage.goto("/policies");
  await expect(viewerPage.getByRole("button", { name: "New policy" })).toHaveCount(0);

  const refused = await viewerPage.request.post(`/api/v1/policies/${policy.id}/versions`, {
    data: { document: { version: "1", default: "deny" }, publish: true },
    headers: { origin: baseURL ?? "" },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe("forbidden");
  await context.close();
});

test("a PolicyLayer shorthand document pasted in JSON mode shows its reason and rate limit in the builder, and edits keep the shorthand", async ({ page }) => {
  test.setTimeout(120_000);
  const { policy } = await setUp(page);
  await page.goto(`/policies/${policy.id}`);
  await page.getByRole("tab", { name: "JSON" }).click();
  const content = page.getByTestId("json-editor").locator(".cm-content");
  await content.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(
    '{\n  "version": "1",\n  "default": "deny",\n  "tools": {\n    "flux_edit_image": { "action": "deny", "reason": "Image edits are disabled for agents." },\n    "flux_generate_image": { "rate_limit": { "max": 10, "window": 60 } }\n  }\n}\n',
  );
  await expect(page.getByTestId("draft-status")).toContainText("Valid draft");

  await page.getByRole("tab", { name: "Builder" }).click();
  const edit = page.getByTestId("tool-row-flux_edit_image");
  await expect(edit.getByLabel("Rule for flux_edit_image")).toHaveValue("deny");
  await expect(edit.getByLabel("Reason for flux_edit_image")).toHaveValue("Image edits are disabled for agents.");
  const generate = page.getByTestId("tool-row-flux_generate_image");
  await expect(generate.getByLabel("Rule for flux_generate_image")).toHaveValue("custom");
  await generate.getByRole("button", { name: /flux_generate_image/ }).click();
  const rateLimit = generate.getByRole("group", { name: "Rate limit (PolicyLayer shorthand)" });
  await expect(rateLimit.getByLabel("Max calls")).toHaveValue("10");
  await expect(rateLimit.getByLabel("Window (seconds)")).toHaveValue("60");
  await expect(rateLimit.getByLabel("Scope")).toHaveValue("session");
  await rateLimit.getByLabel("Max calls").fill("20");
  await edit.getByLabel("Reason for flux_edit_image").fill("Ask a designer.");
  await saveScreenshot(page, "policy-builder-shorthand", true);

  // The JSON keeps the shorthand, edited in place.
  await page.getByRole("tab", { name: "JSON" }).click();
  await expect(content).toContainText('"action": "deny"');
  await expect(content).toContainText('"reason": "Ask a designer."');
  await expect(content).toContainText('"max": 20');
  await expect(content).toContainText('"window": 60');
});
