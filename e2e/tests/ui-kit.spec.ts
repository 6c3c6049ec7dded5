// The component kit (/dev/ui) as a user meets it: field errors from a zod schema and from an
// API error land at their fields and are wired for screen readers; copying announces itself;
// a shown-once secret is masked until asked; a destructive action waits for its confirmation;
// the data table sorts, hides columns, pages with "Load more" and opens rows by click or Enter.
import { type Page, expect, test } from "@playwright/test";
import { signUp, uniqueEmail, uniqueName } from "../support/accounts";
import { LAPTOP, saveScreenshot } from "../support/screenshots";

test.use({ viewport: LAPTOP });

async function openKit(page: Page): Promise<void> {
  await signUp(page, { name: uniqueName("Kit"), email: uniqueEmail("kit") });
  await page.goto("/dev/ui");
  await expect(page.getByRole("heading", { level: 1, name: "Component kit" })).toBeVisible();
}

/** The error text a screen reader hears for a field: the elements its aria-describedby names. */
async function describedBy(page: Page, label: string): Promise<string> {
  const ids = (await page.getByLabel(label, { exact: true }).getAttribute("aria-describedby")) ?? "";
  const texts = await Promise.all(ids.split(" ").filter(Boolean).map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(" | ");
}

test("form: zod and API errors show at their fields, values survive, success toasts", async ({ page }) => {
  await openKit(page);
  const form = page.getByRole("form", { name: "Register a server (demo)" });
  await form.getByRole("button", { name: "Register server" }).click();

  await expect(form.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
  expect(await describedBy(page, "Name")).toContain("Name the server.");
  await expect(form.getByLabel("Transport")).toHaveAttribute("aria-invalid", "true");
  expect(await describedBy(page, "Transport")).toContain("Choose a transport.");
  expect(await describedBy(page, "I own this server")).toContain("Confirm that you own this server.");
  await expect(form.getByLabel("Description")).not.toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("Name", { exact: true }).fill("taken");
  await form.getByLabel("Upstream URL").fill("https://mcp.example.com/mcp");
  await form.getByLabel("Transport").click();
  await page.getByRole("option", { name: "Streamable HTTP" }).click();
  await form.getByLabel("I own this server").check();
  await form.getByRole("button", { name: "Register server" }).click();
  // A conflict names no field: it is a form-level alert, and what was typed stays.
  await expect(form.getByTestId("form-error")).toContainText("already exists");
  await expect(form.getByLabel("Name", { exact: true })).toHaveValue("taken");
  await expect(form.getByLabel("Name", { exact: true })).not.toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("Name", { exact: true }).fill("Flux");
  await form.getByLabel("Upstream URL").fill("http://localhost:9/mcp");
  await form.getByRole("button", { name: "Register server" }).click();
  // The API's validation_failed details → the field they name.
  await expect(form.getByLabel("Upstream URL")).toHaveAttribute("aria-invalid", "true");
  expect(await describedBy(page, "Upstream URL")).toContain("loopback addresses are refused");
  await expect(form.getByTestId("form-error")).toBeHidden();
  await saveScreenshot(page, "kit-form-errors");

  await form.getByLabel("Upstream URL").fill("https://flux.example.com/mcp");
  await form.getByRole("button", { name: "Register server" }).click();
  await expect(page.getByRole("list", { name: "Registered demo servers" })).toContainText("Flux");
  await expect(page.getByRole("region", { name: "Notifications" })).toContainText("Registered Flux");
  await expect(form.getByLabel("Upstream URL")).not.toHaveAttribute("aria-invalid", "true");
});

test("copy, shown-once secret and confirmation dialog", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openKit(page);

  const secret = page.getByTestId("secret-reveal");
  await expect(secret).toContainText("shown only once");
  await expect(secret.getByTestId("secret-value")).not.toContainText("gthk_example0not0a0real0key");
  const show = secret.getByRole("button", { name: "Show API key" });
  await show.click();
  await expect(show).toHaveAttribute("aria-pressed", "true");
  await expect(secret.getByTestId("secret-value")).toHaveText("gthk_example0not0a0real0key0abcdefghijklmnop");

  await secret.getByRole("button", { name: "Copy API key" }).click();
  await expect(secret.getByRole("status")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("gthk_example0not0a0real0key0abcdefghijklmnop");
  await expect(page.getByRole("region", { name: "Notifications" })).toContainText("API key copied");

  await page.getByRole("button", { name: "Revoke token" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Revoke this token?" });
  await expect(confirm).toBeVisible();
  // Focus starts on the safe choice.
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("button", { name: "Revoke token" })).toBeEnabled();

  await page.getByRole("button", { name: "Revoke token" }).click();
  await confirm.getByRole("button", { name: "Revoke token" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("button", { name: "Token revoked" })).toBeDisabled();
});

test("data table: load more, sort, hide a column, open a row", async ({ page }) => {
  await openKit(page);
  const table = page.getByRole("table", { name: "Demo decisions" });
  const rows = table.locator("tbody tr");
  await expect(rows).toHaveCount(20);
  await expect(page.getByText("Showing the first 20 rows")).toBeVisible();

  await page.getByRole("button", { name: "Load more" }).click();
  await expect(rows).toHaveCount(40);
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(rows).toHaveCount(45);
  await expect(page.getByText("Showing all 45 rows")).toBeVisible();
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);
  const ids = await rows.locator("td:first-child").allInnerTexts();
  expect(new Set(ids).size).toBe(45);

  const toolHeader = table.getByRole("columnheader", { name: "Tool" });
  await toolHeader.getByRole("button").click();
  await expect(toolHeader).toHaveAttribute("aria-sort", "ascending");
  const tools = await rows.locator("td:nth-child(2)").allInnerTexts();
  expect(tools).toEqual([...tools].sort());
  await toolHeader.getByRole("button").click();
  await expect(toolHeader).toHaveAttribute("aria-sort", "descending");
  await expect(rows.first().locator("td:nth-child(2)")).toHaveText("flux_list_images");

  await page.getByRole("button", { name: "Columns" }).click();
  await page.getByRole("menuitemcheckbox", { name: "Latency" }).click();
  await page.keyboard.press("Escape");
  await expect(table.getByRole("columnheader", { name: "Latency" })).toHaveCount(0);
  await expect(table.getByRole("columnheader", { name: "Outcome" })).toBeVisible();

  const firstId = (await rows.first().locator("td:first-child").textContent()) ?? "";
  await rows.first().click();
  await expect(page.getByRole("dialog", { name: firstId })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();

  const secondId = (await rows.nth(1).locator("td:first-child").textContent()) ?? "";
  await rows.nth(1).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog", { name: secondId })).toBeVisible();
  await page.keyboard.press("Escape");
  await saveScreenshot(page, "kit-laptop-table");
});
