// The dashboard's list tables at phone width: every row reads without scrolling sideways (below
// `sm` a DataTable stacks each row into a card), long names and ids wrap instead of widening the
// page, and each row's action stays visible and works from the keyboard. The same pages at laptop
// width keep their column headers. Screenshots of both widths go to e2e/test-results/screenshots.
import { randomBytes } from "node:crypto";
import { newId } from "@gatehouse/shared";
import { seedDecisionLogs } from "@gatehouse/db/testing";
import { createPolicy, createServer, discoverTools } from "@gatehouse/services";
import { type Page, expect, test } from "@playwright/test";
import { currentOrgId, signUp, uniqueEmail, uniqueName } from "../support/accounts";
import { type Enforcement, startEnforcement } from "../support/enforcement";
import { LAPTOP, PHONE, saveScreenshot } from "../support/screenshots";

let enforcement: Enforcement;

test.beforeAll(async ({ baseURL }) => {
  enforcement = await startEnforcement(baseURL ?? "http://localhost:3000");
});
test.afterAll(async () => enforcement?.close());

type Box = { table: string; scrollWidth: number; clientWidth: number };

/** How far the page, and each table's scroll box, is wider than what it shows. */
async function overflow(page: Page): Promise<{ page: number; tables: Box[] }> {
  return page.evaluate(() => ({
    page: document.documentElement.scrollWidth - window.innerWidth,
    tables: Array.from(document.querySelectorAll("table")).map((table) => {
      const box = table.parentElement as HTMLElement;
      return { table: table.getAttribute("aria-label") ?? "?", scrollWidth: box.scrollWidth, clientWidth: box.clientWidth };
    }),
  }));
}

async function expectNoSidewaysScroll(page: Page, where: string) {
  const measured = await overflow(page);
  expect.soft(measured.page, `${where}: the page is wider than the screen`).toBeLessThanOrEqual(0);
  expect.soft(measured.tables.length, `${where}: no table on the page`).toBeGreaterThan(0);
  for (const box of measured.tables) {
    expect.soft(box.scrollWidth, `${where}: the ${box.table} table scrolls sideways`).toBeLessThanOrEqual(box.clientWidth);
  }
}

test("at phone width the list tables read without sideways scrolling and their row actions work from the keyboard", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize(PHONE);
  await signUp(page, { name: uniqueName("Ada"), email: uniqueEmail("tables") });
  const orgId = await currentOrgId(page);
  const ctx = enforcement.adminContext(orgId);
  const api = async (path: string, data: object) => {
    const response = await page.request.post(`/api/v1${path}`, { data });
    expect(response.ok(), `POST ${path}: ${response.status()}`).toBe(true);
    return response.json();
  };

  // Long, unbroken names and ids: the things that used to push a column off the screen.
  const server = await createServer(ctx, {
    name: "image-generation-flux-kontext-production",
    description: "Generates and edits images for the marketing site",
    upstreamUrl: enforcement.upstream.url,
  });
  await discoverTools(ctx, { serverId: server.id });
  await createPolicy(ctx, { serverId: server.id, name: "flux-allow-with-image-budget-limits", document: { version: "1", default: "allow" }, publish: true });
  const identity = await api("/identities", { name: "release-bot-for-the-ios-and-android-apps", kind: "agent", labels: { team: "platform", env: "production" } });
  await api(`/identities/${identity.id}/tokens`, { name: "ci-github-actions-deploy-pipeline" });
  await api(`/identities/${identity.id}/tokens`, { name: "laptop" });
  await api("/grants", { identityId: identity.id, serverId: server.id });
  await api("/api-keys", { name: "terraform-provider-nightly-sync", role: "viewer" });
  await api("/invitations", { email: `someone.with.a.long.address.${randomBytes(3).toString("hex")}@example.test`, role: "viewer" });
  await api("/webhooks", { url: "https://hooks.example.test/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", events: ["approval.requested", "approval.decided"] });
  await seedDecisionLogs(enforcement.db, {
    orgId,
    count: 20,
    newest: new Date(),
    oldest: new Date(Date.now() - 60 * 60 * 1000),
    serverIds: [server.id],
    identityIds: [identity.id],
    tools: ["flux_edit_image_with_a_very_long_tool_name", "flux_generate_image"],
  });
  await enforcement.db.approvalRequest.create({
    data: {
      id: newId("approval"),
      orgId,
      serverId: server.id,
      identityId: identity.id,
      toolName: "flux_generate_image_in_high_resolution",
      argsHash: "0".repeat(64),
      rule: "expensive-images-need-approval",
      status: "denied",
      requestedAt: new Date(Date.now() - 10 * 60 * 1000),
      expiresAt: new Date(Date.now() - 5 * 60 * 1000),
      decidedAt: new Date(Date.now() - 9 * 60 * 1000),
      decisionReason: "Over this month's image budget; ask again next month",
    },
  });

  const pages: { name: string; path: string; ready: (page: Page) => Promise<void> }[] = [
    { name: "servers", path: "/servers", ready: (p) => expect(p.getByRole("table", { name: "Servers" })).toContainText(server.name) },
    { name: "tools", path: `/servers/${server.id}`, ready: (p) => expect(p.getByRole("table", { name: "Tools" })).toContainText("flux_edit_image") },
    { name: "identities", path: "/identities", ready: (p) => expect(p.getByRole("table", { name: "Identities" })).toContainText(identity.name) },
    { name: "identity", path: `/identities/${identity.id}`, ready: (p) => expect(p.getByRole("table", { name: "Tokens" })).toContainText("laptop") },
    { name: "grants", path: "/grants", ready: (p) => expect(p.getByRole("table", { name: "Grants" })).toContainText(identity.name) },
    { name: "policies", path: "/policies", ready: (p) => expect(p.getByRole("table", { name: "Policies" })).toContainText("flux-allow") },
    {
      name: "approvals-history",
      path: "/approvals",
      ready: async (p) => {
        await p.getByRole("tab", { name: "History" }).click();
        await expect(p.getByRole("table", { name: "Approval history" })).toContainText("budget");
      },
    },
    { name: "decision-logs", path: "/decision-logs", ready: (p) => expect(p.getByRole("table", { name: "Decision logs" })).toContainText("flux_generate_image") },
    { name: "audit", path: "/audit", ready: (p) => expect(p.getByRole("table", { name: "Audit trail" })).toContainText("grant") },
    { name: "members", path: "/settings/members", ready: (p) => expect(p.getByRole("table", { name: "Pending invitations" })).toContainText("someone") },
    { name: "api-keys", path: "/settings/api-keys", ready: (p) => expect(p.getByRole("table", { name: "API keys" })).toContainText("terraform") },
    { name: "webhooks", path: "/settings/webhooks", ready: (p) => expect(p.getByRole("table", { name: "Webhooks" })).toContainText("hooks.example.test") },
  ];

  for (const { name, path, ready } of pages) {
    await page.goto(path);
    await ready(page);
    await expectNoSidewaysScroll(page, path);
    await saveScreenshot(page, `tables-phone-${name}`, true);
    // Long pages shrink to a thumbnail as a whole: the table's first screen, at full size.
    await page.locator("table").first().scrollIntoViewIfNeeded();
    await saveScreenshot(page, `tables-phone-${name}-table`);
  }

  // Revoke a token from the keyboard at phone width: the button is on screen, named, and opens the confirmation.
  await page.goto(`/identities/${identity.id}`);
  const tokens = page.getByRole("table", { name: "Tokens" });
  const row = tokens.getByRole("row").filter({ hasText: "laptop" });
  const revoke = row.getByRole("button", { name: /^Revoke gth_/ });
  await expect(revoke).toBeInViewport();
  await expect(row.getByRole("button", { name: /^Rotate gth_/ })).toBeVisible();
  await revoke.focus();
  await page.keyboard.press("Enter");
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(row).toContainText("Revoked");
  await expectNoSidewaysScroll(page, "identity after revoke");
  await saveScreenshot(page, "tables-phone-identity-revoked");

  // Other rows' actions are on screen too.
  await page.goto("/settings/api-keys");
  await expect(page.getByRole("button", { name: /^Revoke terraform/ })).toBeInViewport();
  await page.goto("/grants");
  await expect(page.getByRole("button", { name: /^Remove the grant of release-bot/ })).toBeInViewport();

  // Laptop width: the same tables keep their columns and headers.
  await page.setViewportSize(LAPTOP);
  for (const { name, path, ready } of pages) {
    await page.goto(path);
    await ready(page);
    await expect(page.getByRole("columnheader").first()).toBeVisible();
    await saveScreenshot(page, `tables-laptop-${name}`, true);
  }
  await page.goto(`/identities/${identity.id}`);
  for (const header of ["Name", "Token", "Status", "Created", "Expires", "Last used"]) {
    await expect(tokens.getByRole("columnheader", { name: header })).toBeVisible();
  }
});
