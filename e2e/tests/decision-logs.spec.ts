// The decision log as a user works it: charts with data, filter by outcome and tool (kept in the
// URL), open a row's detail, then turn on the live tail and watch a call this test makes through
// a real proxy appear. Screenshots at laptop and phone width.
import { seedDecisionLogs } from "@gatehouse/db/testing";
import { expect, test } from "@playwright/test";
import { currentOrgId, signUp, uniqueEmail, uniqueName } from "../support/accounts";
import { startEnforcement } from "../support/enforcement-system";
import { LAPTOP, PHONE, saveScreenshot } from "../support/screenshots";

const POLICY = { version: "1", default: "deny", tools: { flux_list_models: {} } };

test("filter, open a row, and watch a proxied call arrive by live tail", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize(LAPTOP);
  await signUp(page, { name: uniqueName("Dana"), email: uniqueEmail("logs") });
  const orgId = await currentOrgId(page);

  const system = await startEnforcement(orgId, POLICY);
  try {
    // A day of history for the charts and filters, on the registered server and identity.
    const now = new Date();
    await seedDecisionLogs(system.db, {
      orgId,
      count: 400,
      newest: new Date(now.getTime() - 60_000),
      oldest: new Date(now.getTime() - 23 * 3_600_000),
      serverIds: [system.serverId],
      identityIds: [system.identityId],
    });

    await page.goto("/decision-logs");
    await expect(page.getByRole("heading", { name: "Decision logs" })).toBeVisible();
    const chart = page.getByTestId("decisions-over-time");
    await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
    // The 400 seeded rows, plus the agent connecting through the proxy (initialize, list).
    await expect(chart).toContainText(/40\d decisions/);
    await expect(page.getByTestId("top-refused")).toContainText("rule-");
    await saveScreenshot(page, "decision-logs-laptop", true);

    // Filter by outcome and tool: the URL carries both, every row matches.
    await page.getByRole("combobox", { name: "Outcome" }).click();
    await page.getByRole("option", { name: "Denied", exact: true }).click();
    await page.getByRole("textbox", { name: "Tool" }).fill("create_issue");
    await page.getByRole("textbox", { name: "Tool" }).press("Enter");
    await expect(page).toHaveURL(/outcome=denied/);
    await expect(page).toHaveURL(/tool=create_issue/);
    const table = page.getByRole("table", { name: "Decision logs" });
    const rows = table.locator("tbody tr");
    await expect(rows.first()).toContainText("create_issue");
    const count = await rows.count();
    expect(count).toBeGreaterThan(1);
    for (let i = 0; i < count; i++) {
      await expect(rows.nth(i)).toContainText("Denied");
      await expect(rows.nth(i)).toContainText("create_issue");
    }
    await saveScreenshot(page, "decision-logs-filtered");

    // The filtered view survives a reload (a shared link shows the same).
    await page.reload();
    await expect(rows.first()).toContainText("create_issue");
    await expect(page.getByRole("textbox", { name: "Tool" })).toHaveValue("create_issue");

    // Open a row: the drawer shows what decided it.
    await rows.first().click();
    const detail = page.getByTestId("decision-detail");
    await expect(detail).toBeVisible();
    await expect(detail).toContainText("Refused by policy");
    await expect(detail).toContainText("Flux demo");
    await expect(detail).toContainText("query, limit");
    await saveScreenshot(page, "decision-logs-detail");
    await page.keyboard.press("Escape");
    await expect(detail).toBeHidden();

    // Live tail on everything: a call made now through the proxy appears without a reload.
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(page).not.toHaveURL(/outcome=/);
    await page.getByRole("switch", { name: "Live tail" }).click();
    await expect(page.getByTestId("tail-status")).toContainText("Live");
    const denied = await system.client.callTool({ name: "flux_delete_image", arguments: { image_id: "img_e2e" } });
    expect(denied.isError).toBe(true);
    const liveRow = rows.filter({ hasText: "flux_delete_image" });
    await expect(liveRow).toHaveCount(1);
    await expect(liveRow).toContainText("Denied");
    await expect(liveRow).toContainText("New:");
    await expect(page.getByTestId("tail-status")).toContainText("1 new");
    await saveScreenshot(page, "decision-logs-live-tail");

    await page.setViewportSize(PHONE);
    await saveScreenshot(page, "decision-logs-phone");

    // The server's and the identity's pages show their own slice of the same view.
    await page.setViewportSize(LAPTOP);
    for (const path of [`/servers/${system.serverId}`, `/identities/${system.identityId}`]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { name: "Decision logs", level: 2 })).toBeVisible();
      await expect(page.getByRole("table", { name: "Decision logs" }).locator("tbody tr").filter({ hasText: "flux_delete_image" })).toHaveCount(1);
      await expect(page.getByRole("combobox", { name: "Server" })).toHaveCount(path.startsWith("/servers") ? 0 : 1);
    }
    await saveScreenshot(page, "decision-logs-identity-slice");
  } finally {
    await system.close();
  }
});
