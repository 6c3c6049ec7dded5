// Identities, tokens and grants in the dashboard, proven through the real proxy: an admin creates
// an agent (field errors first), grants it a server under a policy, mints a token shown once,
// and an MCP SDK client uses that token through the proxy; rotation keeps both tokens working
// in the grace, revocation refuses the old one on its next call, and the token's last use shows
// up. A viewer sees none of the edit controls and the API refuses them.
import { addTestMember, createTestUser } from "@gatehouse/db/testing";
import { createPolicy, createServer, hashPassword } from "@gatehouse/services";
import { type Page, expect, test } from "@playwright/test";
import { PASSWORD, currentOrgId, signInWithPassword, signUp, uniqueEmail, uniqueName } from "../support/accounts";
import { type Enforcement, startEnforcement } from "../support/enforcement";
import { LAPTOP, PHONE, saveScreenshot } from "../support/screenshots";

const EDIT_ARGS = { prompt: "make it blue", image_url: "https://example.com/cat.png", model: "flux-kontext-pro" };

let enforcement: Enforcement;

test.beforeAll(async ({ baseURL }) => {
  enforcement = await startEnforcement(baseURL ?? "http://localhost:3000");
});
test.afterAll(async () => enforcement?.close());

/** Reads the secret out of the shown-once box (it is masked until asked). */
async function revealSecret(page: Page): Promise<string> {
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Show token" }).click();
  const value = (await dialog.getByTestId("secret-value").textContent())?.trim() ?? "";
  expect(value).toMatch(/^gth_/);
  return value;
}

async function choose(page: Page, label: string, option: string | RegExp) {
  await page.getByRole("dialog").getByLabel(label).click();
  await page.getByRole("option", { name: option }).click();
}

test("an admin creates an agent, grants it a server, mints, rotates and revokes its token; the proxy agrees at each step", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize(LAPTOP);
  await signUp(page, { name: uniqueName("Ada"), email: uniqueEmail("identities") });
  const orgId = await currentOrgId(page);

  // A server with a published policy exist already (the servers and policies screens are not this spec's subject).
  const ctx = enforcement.adminContext(orgId);
  const server = await createServer(ctx, { name: "flux", upstreamUrl: enforcement.upstream.url });
  await createPolicy(ctx, { serverId: server.id, name: "flux-allow", document: { version: "1", default: "allow" }, publish: true });

  await page.goto("/identities");
  await expect(page.getByTestId("empty-state")).toContainText("No identities yet");
  await saveScreenshot(page, "identities-empty");

  // The create form: errors at the field, then success.
  await page.getByRole("button", { name: "New identity" }).first().click();
  const form = page.getByRole("form", { name: "New identity" });
  await form.getByLabel("Labels").fill("team platform");
  await form.getByRole("button", { name: "Create identity" }).click();
  await expect(form.getByText("Line 1: write labels as key=value.")).toBeVisible();
  await form.getByLabel("Labels").fill("team=platform");
  await form.getByRole("button", { name: "Create identity" }).click();
  await expect(form.getByText("Give it a name.")).toBeVisible();
  await expect(form.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await saveScreenshot(page, "identity-create-errors");
  await form.getByLabel("Name").fill("release-bot");
  await form.getByLabel("Description").fill("Ships releases from CI");
  await form.getByRole("button", { name: "Create identity" }).click();
  // The toast first: it is shown on success and lives a few seconds, while the page may take longer.
  await expect(page.getByText("Created release-bot")).toBeVisible();
  await expect(page).toHaveURL(/\/identities\/idn_/);
  await expect(page.getByRole("heading", { level: 1, name: "release-bot" })).toBeVisible();

  // A grant on the server under its policy.
  await page.getByRole("button", { name: "Add grant" }).click();
  await choose(page, "Server", "flux");
  await choose(page, "Policy", /flux-allow/);
  await page.getByRole("dialog").getByRole("button", { name: "Add grant" }).click();
  const grants = page.getByRole("table", { name: "Grants" });
  await expect(grants.getByRole("row").filter({ hasText: "flux-allow" })).toContainText("Active");

  // Mint: the secret once, with a copy button; never in the list afterwards.
  await page.getByRole("button", { name: "Mint token" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("ci");
  await page.getByRole("dialog").getByRole("button", { name: "Mint token" }).click();
  await expect(page.getByRole("dialog").getByRole("heading", { name: "Token minted" })).toBeVisible();
  await expect(page.getByRole("dialog").getByRole("button", { name: "Copy token" })).toBeVisible();
  await saveScreenshot(page, "identity-token-minted");
  const firstToken = await revealSecret(page);
  await page.getByRole("dialog").getByRole("button", { name: "Done" }).click();
  const tokens = page.getByRole("table", { name: "Tokens" });
  await expect(tokens.getByRole("row").filter({ hasText: "ci" })).toContainText("Active");
  await expect(page.locator("body")).not.toContainText(firstToken);

  // The token works through the proxy.
  const firstClient = await enforcement.connectWhenAccepted(firstToken, server.id);
  const allowed = await firstClient.callTool({ name: "flux_edit_image", arguments: EDIT_ARGS });
  expect(allowed.isError).toBeFalsy();

  // Last use reaches the page (proxy → decision stream → worker → token row).
  // Each attempt reloads and gives the page time to load (seconds on a busy two-core machine)
  // before reading it again, until the last use shows.
  await expect(async () => {
    await page.reload();
    // Cells: name, token, status, created, expires, last used.
    await expect(tokens.getByRole("row").filter({ hasText: "ci" }).getByRole("cell").nth(5)).toContainText("UTC", { timeout: 5_000 });
  }).toPass({ timeout: 45_000 });

  // Rotate with the default grace: both work.
  await tokens.getByRole("button", { name: /^Rotate gth_/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Rotate token" }).click();
  await expect(page.getByRole("dialog").getByRole("heading", { name: "Token rotated" })).toBeVisible();
  const secondToken = await revealSecret(page);
  expect(secondToken).not.toBe(firstToken);
  await page.getByRole("dialog").getByRole("button", { name: "Done" }).click();
  await expect(tokens.getByText("In grace")).toBeVisible();
  const secondClient = await enforcement.connectWhenAccepted(secondToken, server.id);
  expect((await secondClient.callTool({ name: "flux_edit_image", arguments: EDIT_ARGS })).isError).toBeFalsy();
  expect((await firstClient.callTool({ name: "flux_edit_image", arguments: EDIT_ARGS })).isError).toBeFalsy();
  await saveScreenshot(page, "identity-page", true);

  // Revoke the old one: its next call is refused, the new one still works.
  await tokens.getByRole("row").filter({ hasText: "In grace" }).getByRole("button", { name: /^Revoke gth_/ }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(tokens.getByText("Revoked")).toBeVisible();
  await expect(async () => {
    await expect(firstClient.callTool({ name: "flux_edit_image", arguments: EDIT_ARGS })).rejects.toThrow();
  }).toPass({ timeout: 10_000 });
  expect((await secondClient.callTool({ name: "flux_edit_image", arguments: EDIT_ARGS })).isError).toBeFalsy();

  await page.setViewportSize(PHONE);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "release-bot" })).toBeVisible();
  await saveScreenshot(page, "identity-page-phone", true);

  await page.setViewportSize(LAPTOP);
  await page.goto("/identities");
  await expect(page.getByRole("table", { name: "Identities" }).getByRole("row").filter({ hasText: "release-bot" })).toContainText("Agent");
  await saveScreenshot(page, "identities-list");
});

test("a viewer sees the identity but no edit control, and the API refuses the mint", async ({ browser, page }) => {
  await page.setViewportSize(LAPTOP);
  await signUp(page, { name: uniqueName("Grace"), email: uniqueEmail("id-admin") });
  const orgId = await currentOrgId(page);
  const created = await page.request.post("/api/v1/identities", { data: { name: "nightly-job", kind: "service" } });
  expect(created.status()).toBe(201);
  const identity = await created.json();

  const email = uniqueEmail("id-viewer");
  const viewer = await createTestUser(enforcement.db, { email, passwordHash: await hashPassword(PASSWORD) });
  // Password sign-in needs a confirmed address; this member skips the mailbox round trip.
  await enforcement.db.user.update({ where: { id: viewer.id }, data: { emailVerified: new Date() } });
  await addTestMember(enforcement.db, { orgId, userId: viewer.id, role: "viewer" });
  const viewerContext = await browser.newContext();
  const viewerPage = await viewerContext.newPage();
  await viewerPage.setViewportSize(LAPTOP);
  await signInWithPassword(viewerPage, email, PASSWORD);
  await expect(viewerPage).toHaveURL(/\/servers$/);
  await viewerPage.goto(`/identities/${identity.id}`);
  await expect(viewerPage.getByRole("heading", { level: 1, name: "nightly-job" })).toBeVisible();
  await expect(viewerPage.getByText("Service / CI")).toBeVisible();
  for (const name of ["Mint token", "Add grant", "Edit", "Delete", "Disable"]) await expect(viewerPage.getByRole("button", { name })).toHaveCount(0);
  await expect(viewerPage.getByText("An admin mints tokens for this identity.")).toBeVisible();
  await saveScreenshot(viewerPage, "identity-page-viewer");

  const refused = await viewerPage.request.post(`/api/v1/identities/${identity.id}/tokens`, { data: {}, headers: { origin: new URL(viewerPage.url()).origin } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe("forbidden");
  await viewerContext.close();
});

test("the grants page adds a grant without a policy (calls denied), filters, and removes it (calls refused)", async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize(LAPTOP);
  await signUp(page, { name: uniqueName("Lin"), email: uniqueEmail("grants") });
  const orgId = await currentOrgId(page);
  const server = await createServer(enforcement.adminContext(orgId), { name: "flux", upstreamUrl: enforcement.upstream.url });
  const identity = await (await page.request.post("/api/v1/identities", { data: { name: "deploy-bot", kind: "service" } })).json();
  await page.request.post("/api/v1/identities", { data: { name: "other-bot" } });
  const token = (await (await page.request.post(`/api/v1/identities/${identity.id}/tokens`, { data: {} })).json()).token as string;

  await page.goto("/grants");
  await expect(page.getByTestId("empty-state")).toContainText("No grants yet");
  await page.getByRole("button", { name: "Add grant" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Add grant" }).click();
  await expect(page.getByRole("dialog").getByText("Choose an identity.")).toBeVisible();
  await expect(page.getByRole("dialog").getByText("Choose a server.")).toBeVisible();
  await choose(page, "Identity", "deploy-bot");
  await choose(page, "Server", "flux");
  await page.getByRole("dialog").getByRole("button", { name: "Add grant" }).click();
  const table = page.getByRole("table", { name: "Grants" });
  await expect(table.getByRole("row").filter({ hasText: "deploy-bot" })).toContainText("None — denies every call");
  await saveScreenshot(page, "grants-page");

  // A grant without a policy: the proxy lets the identity in and denies the call.
  const client = await enforcement.connectWhenAccepted(token, server.id);
  const denied = await client.callTool({ name: "flux_edit_image", arguments: EDIT_ARGS });
  expect(denied.isError).toBe(true);
  expect(JSON.stringify(denied.content)).toContain("[POLICY DENIED]");

  // The identity filter narrows the list through the API.
  await page.getByLabel("Identity", { exact: true }).click();
  await page.getByRole("option", { name: "other-bot" }).click();
  await expect(page.getByTestId("empty-state")).toContainText("No grants match these filters");
  await page.getByLabel("Identity", { exact: true }).click();
  await page.getByRole("option", { name: "All" }).click();

  await table.getByRole("button", { name: "Remove the grant of deploy-bot on flux" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove grant" }).click();
  await expect(page.getByTestId("empty-state")).toContainText("No grants yet");
  await expect(async () => {
    await expect(client.callTool({ name: "flux_edit_image", arguments: EDIT_ARGS })).rejects.toThrow();
  }).toPass({ timeout: 10_000 });
});
