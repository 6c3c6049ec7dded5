// Editing a registered server from the dashboard: field errors at the field first, then a saved
// change (name, credential replaced, timeouts, body limit, browser origins) seen on the page and
// after a reload, the credential's secret shown nowhere, and disabling through the confirm dialog.
// Screenshots at laptop and phone width.
import { randomBytes } from "node:crypto";
import { type DemoUpstream, startDemoUpstream } from "@gatehouse/demo-upstream";
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail, uniqueName } from "../support/accounts";
import { LAPTOP, PHONE, saveScreenshot } from "../support/screenshots";

const FIRST_KEY = `first-${randomBytes(6).toString("hex")}`;
const NEW_KEY = `rotated-${randomBytes(6).toString("hex")}`;
let demo: DemoUpstream;

test.beforeAll(async () => {
  // The upstream wants the key the edit puts in: registering with the first one connects nowhere.
  demo = await startDemoUpstream({ requiredHeader: { name: "X-Demo-Key", value: NEW_KEY } });
});
test.afterAll(async () => {
  await demo?.close();
});

test("edits a server: errors at the field, then the change saved and shown", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize(LAPTOP);
  await signUp(page, { name: uniqueName("Edna"), email: uniqueEmail("server-edit") });

  await page.goto("/servers/new");
  const register = page.getByRole("form", { name: "Register a server" });
  await register.getByLabel("Name", { exact: true }).fill("Flux staging");
  await register.getByLabel("Upstream URL").fill(demo.url);
  await register.getByLabel("Header name").fill("X-Demo-Key");
  await register.getByLabel("Header value").fill(FIRST_KEY);
  await register.getByRole("button", { name: "Register and discover tools" }).click();
  await expect(page).toHaveURL(/\/servers\/srv_/);
  await expect(page.getByRole("heading", { name: "Flux staging" })).toBeVisible();

  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("connection-status")).toContainText("Connection failed");

  await page.getByRole("button", { name: "Edit", exact: true }).click();
  const form = page.getByRole("form", { name: "Edit server" });
  await expect(form.getByLabel("Name", { exact: true })).toHaveValue("Flux staging");
  await expect(page.getByTestId("credential-hint")).toContainText("X-Demo-Key");
  await expect(form.getByText(FIRST_KEY)).toHaveCount(0);

  // Wrong values first: each message appears at its own field.
  await form.getByLabel("Name", { exact: true }).fill("");
  await form.getByLabel("Connect timeout (ms)").fill("20");
  await form.getByLabel("Request body limit (KiB)").fill("lots");
  await form.getByLabel("Allowed browser origins").fill("https://app.example.com/path");
  await form.getByLabel("Credential").click();
  await page.getByRole("option", { name: "Replace with static headers" }).click();
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText("Give it a name.")).toBeVisible();
  await expect(form.getByText("Enter whole milliseconds from 100 to 60000.")).toBeVisible();
  await expect(form.getByText("Enter whole KiB from 1 to 65536 (64 MiB).")).toBeVisible();
  await expect(form.getByText(/An origin is scheme, host and port only/)).toBeVisible();
  await expect(form.getByText("Enter the header name, e.g. Authorization.")).toBeVisible();
  await saveScreenshot(page, "servers-edit-1-errors");
  await page.setViewportSize(PHONE);
  await saveScreenshot(page, "servers-edit-2-errors-phone");
  await page.setViewportSize(LAPTOP);

  // Then right ones, with the key the upstream wants replacing the stored one.
  await form.getByLabel("Name", { exact: true }).fill("Flux production");
  await form.getByLabel("Connect timeout (ms)").fill("2500");
  await form.getByLabel("Request body limit (KiB)").fill("1024");
  await form.getByLabel("Allowed browser origins").fill("https://app.example.com");
  await form.getByLabel("Header name").fill("X-Demo-Key");
  await form.getByLabel("Header value").fill(NEW_KEY);
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved Flux production")).toBeVisible();
  await expect(form).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Flux production" })).toBeVisible();
  await expect(page.getByText(NEW_KEY)).toHaveCount(0);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("connection-status")).toContainText("Connected to");
  await saveScreenshot(page, "servers-edit-3-saved");

  // Kept after a reload, as the API returns it (masked credential, normalized values).
  await page.reload();
  await expect(page.getByRole("heading", { name: "Flux production" })).toBeVisible();
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await expect(form.getByLabel("Connect timeout (ms)")).toHaveValue("2500");
  await expect(form.getByLabel("Request body limit (KiB)")).toHaveValue("1024");
  await expect(form.getByLabel("Allowed browser origins")).toHaveValue("https://app.example.com");
  await expect(page.getByTestId("credential-hint")).toContainText(`…${NEW_KEY.slice(-4)}`);
  await page.setViewportSize(PHONE);
  await saveScreenshot(page, "servers-edit-4-dialog-phone");
  await page.setViewportSize(LAPTOP);
  await page.keyboard.press("Escape");

  // Disable through the confirm dialog; the page says so.
  await page.getByRole("button", { name: "Disable", exact: true }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Disable server" }).click();
  await expect(page.getByText("Flux production is disabled: the proxy refuses its calls")).toBeVisible();
  await expect(page.getByText("Disabled", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Enable", exact: true })).toBeVisible();
  await saveScreenshot(page, "servers-edit-5-disabled");
  await page.setViewportSize(PHONE);
  await saveScreenshot(page, "servers-edit-6-disabled-phone", true);
});
