// Settings → Webhooks end to end: the empty state, field errors in the create dialog, the signing
// secret shown once, a test event queued into the delivery log, editing events, deleting.
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail, uniqueName } from "../support/accounts";
import { LAPTOP, PHONE, saveScreenshot } from "../support/screenshots";

test.use({ viewport: LAPTOP });

test("an admin adds a webhook, sees its secret once, sends a test event and reads the delivery log", async ({ page }) => {
  await signUp(page, { name: uniqueName("Ada"), email: uniqueEmail("hooks") });
  await page.goto("/settings/webhooks");
  await expect(page.getByText("No webhooks yet")).toBeVisible();

  await page.getByRole("button", { name: "New webhook" }).first().click();
  const form = page.getByRole("form", { name: "Create webhook" });
  // Every event starts checked; unchecking them all leaves nothing to send.
  const events = form.getByRole("group", { name: "Events" }).getByRole("checkbox", { checked: true });
  for (let i = (await events.count()) - 1; i >= 0; i--) await events.nth(i).click();
  await expect(events).toHaveCount(0);
  await form.getByRole("button", { name: "Create webhook" }).click();
  await expect(form.getByTestId("field-error")).toHaveText("Enter the endpoint URL.");
  await expect(form.getByRole("alert").filter({ hasText: "Choose at least one event." })).toBeVisible();

  await form.getByLabel("Endpoint URL").fill("http://169.254.169.254/latest");
  await form.getByRole("checkbox", { name: /approval\.decided/ }).click();
  await form.getByRole("button", { name: "Create webhook" }).click();
  await expect(form.getByTestId("field-error")).toContainText("metadata");

  await form.getByLabel("Endpoint URL").fill("http://127.0.0.1:9/gatehouse");
  await form.getByRole("button", { name: "Create webhook" }).click();
  await expect(page.getByRole("heading", { name: "Your webhook's signing secret" })).toBeVisible();
  await expect(page.getByText(/whsec_/)).toBeVisible();
  await saveScreenshot(page, "webhooks-secret-once");
  await page.getByRole("button", { name: "Done" }).click();

  const table = page.getByRole("table", { name: "Webhooks" });
  const row = table.getByRole("row").filter({ hasText: "http://127.0.0.1:9/gatehouse" });
  await expect(row).toContainText("approval.decided");
  await expect(page.getByText(/whsec_/)).toHaveCount(0);

  await row.getByRole("button", { name: /Send a test event/ }).click();
  await expect(page.getByText("Test event queued: see Deliveries")).toBeVisible();
  await row.getByRole("button", { name: /Delivery log of/ }).click();
  const deliveries = page.getByRole("list", { name: "Deliveries" });
  await expect(deliveries.getByRole("listitem").first()).toContainText("webhook.test");
  await saveScreenshot(page, "webhooks-delivery-log");
  await page.keyboard.press("Escape");

  await row.getByRole("button", { name: /^Edit / }).click();
  const edit = page.getByRole("form", { name: "Edit webhook" });
  await edit.getByRole("checkbox", { name: /approval\.expired/ }).click();
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Webhook saved")).toBeVisible();
  await expect(row).toContainText("approval.expired");
  await saveScreenshot(page, "webhooks-list");

  await page.setViewportSize(PHONE);
  await saveScreenshot(page, "webhooks-phone");
  await page.setViewportSize(LAPTOP);

  await row.getByRole("button", { name: /^Delete / }).click();
  await page.getByRole("button", { name: "Delete webhook" }).click();
  await expect(page.getByText("Webhook deleted")).toBeVisible();
  await expect(page.getByText("No webhooks yet")).toBeVisible();
});
