// Organization admin end to end: renaming the org, inviting a viewer who joins through the dev
// mailbox and sees the org read-only, the last admin who cannot step down, and an API key made in
// the UI that works against /api/v1/me until it is revoked.
import { type Page, expect, test } from "@playwright/test";
import { signUp, uniqueEmail, uniqueName } from "../support/accounts";
import { LAPTOP, PHONE, saveScreenshot } from "../support/screenshots";

test.use({ viewport: LAPTOP });

/** The newest dev-mailbox link for `email` whose URL contains `part`, as a same-origin path. */
async function mailboxLink(page: Page, email: string, part: string): Promise<string> {
  await page.goto("/dev/mailbox");
  const link = page.getByTestId("mailbox-message").filter({ hasText: email }).getByRole("link").filter({ hasText: part }).first();
  await expect(link).toBeVisible();
  const href = (await link.getAttribute("href")) ?? "";
  // Follow it on this test's server whatever public URL the mail was written for.
  const url = new URL(href);
  return `${url.pathname}${url.search}`;
}

async function chooseOption(page: Page, trigger: ReturnType<Page["getByRole"]>, option: string): Promise<void> {
  await trigger.click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

test("an admin invites a viewer, who joins through the dev mailbox and sees the org read-only", async ({ page, browser }) => {
  await signUp(page, { name: uniqueName("Ada"), email: uniqueEmail("admin") });

  // The org gets a name of its own in Settings.
  const orgName = `Acme ${uniqueName("Ops")}`;
  await page.goto("/settings");
  const rename = page.getByRole("form", { name: "Rename organization" });
  await rename.getByLabel("Organization name").fill("");
  await rename.getByRole("button", { name: "Save name" }).click();
  await expect(rename.getByTestId("field-error")).toHaveText("Name the organization.");
  await rename.getByLabel("Organization name").fill(orgName);
  await rename.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText(`Renamed to ${orgName}`)).toBeVisible();
  await expect(page.getByTestId("current-org")).toHaveText(orgName);

  // Invite a viewer.
  const inviteeEmail = uniqueEmail("viewer");
  await page.goto("/settings/members");
  const invite = page.getByRole("form", { name: "Invite a member" });
  await invite.getByLabel("Email").fill("not an address");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByTestId("field-error")).toContainText("valid email");
  await invite.getByLabel("Email").fill(inviteeEmail);
  await chooseOption(page, invite.getByRole("combobox", { name: "Role" }), "Viewer");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${inviteeEmail}`)).toBeVisible();
  const pending = page.getByRole("table", { name: "Pending invitations" });
  await expect(pending.getByRole("row").filter({ hasText: inviteeEmail })).toContainText("Viewer");
  await saveScreenshot(page, "org-admin-members-invited", true);

  // The invitee, in a browser of their own, follows the mailed link and signs up by email link.
  const inviteeContext = await browser.newContext({ viewport: LAPTOP });
  const invitee = await inviteeContext.newPage();
  await invitee.goto(await mailboxLink(invitee, inviteeEmail, "/invitations/"));
  await expect(invitee.getByRole("heading", { name: `Join ${orgName}` })).toBeVisible();
  await expect(invitee.getByTestId("invitation")).toContainText(inviteeEmail);
  await expect(invitee.getByTestId("invitation")).toContainText("Viewer");
  await saveScreenshot(invitee, "org-admin-invitation-signed-out");
  await invitee.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(invitee).toHaveURL(/\/sign-in\/check-email/);
  await invitee.goto(await mailboxLink(invitee, inviteeEmail, "/api/auth/callback/email"));
  await expect(invitee).toHaveURL(/\/invitations\/gthi_/);
  await invitee.getByRole("button", { name: `Join ${orgName}` }).click();
  await expect(invitee.getByTestId("current-org")).toHaveText(orgName);
  await expect(invitee.getByTestId("user-email")).toHaveText(inviteeEmail);

  // Read-only: no edit controls anywhere in Settings.
  await invitee.goto("/settings");
  await expect(invitee.getByTestId("my-role")).toHaveText("Viewer");
  await expect(invitee.getByTestId("org-name")).toHaveText(orgName);
  await expect(invitee.getByRole("form", { name: "Rename organization" })).toHaveCount(0);
  await invitee.goto("/settings/members");
  const members = invitee.getByRole("table", { name: "Members" });
  await expect(members.getByRole("row").filter({ hasText: inviteeEmail })).toContainText("Viewer");
  await expect(invitee.getByRole("form", { name: "Invite a member" })).toHaveCount(0);
  await expect(members.getByRole("combobox")).toHaveCount(0);
  await expect(members.getByRole("button", { name: /^Remove/ })).toHaveCount(0);
  await saveScreenshot(invitee, "org-admin-members-viewer", true);
  await invitee.goto("/settings/api-keys");
  await expect(invitee.getByText("Only admins manage API keys")).toBeVisible();
  await expect(invitee.getByRole("button", { name: "New API key" })).toHaveCount(0);

  // …and the API refuses the viewer's writes, with the browser's own session.
  const renameByApi = await invitee.request.patch("/api/v1/org", { data: { name: "Taken over" } });
  expect(renameByApi.status()).toBe(403);
  expect((await renameByApi.json()).error.code).toBe("forbidden");
  expect((await invitee.request.post("/api/v1/invitations", { data: { email: uniqueEmail("x"), role: "admin" } })).status()).toBe(403);
  expect((await invitee.request.post("/api/v1/api-keys", { data: { name: "mine", role: "admin" } })).status()).toBe(403);
  const me = await invitee.request.get("/api/v1/me");
  expect(await me.json()).toMatchObject({ kind: "user", role: "viewer", org: { name: orgName } });
  await inviteeContext.close();

  // The admin sees the new member; the invitation is no longer pending.
  await page.reload();
  await expect(page.getByRole("table", { name: "Members" }).getByRole("row").filter({ hasText: inviteeEmail })).toBeVisible();
  await expect(page.getByText("No pending invitations")).toBeVisible();
});

test("the last admin cannot demote themselves", async ({ page }) => {
  const email = uniqueEmail("lastadmin");
  await signUp(page, { name: uniqueName("Grace"), email });
  await page.goto("/settings/members");
  const myRole = page.getByRole("combobox", { name: `Role of ${email}` });
  await expect(myRole).toHaveText("Admin");
  await chooseOption(page, myRole, "Viewer");
  await expect(page.getByTestId("form-error")).toContainText("last admin");
  await expect(myRole).toHaveText("Admin");
  await saveScreenshot(page, "org-admin-last-admin");
  expect((await (await page.request.get("/api/v1/me")).json()).role).toBe("admin");
});

test("an API key created in the UI works against /api/v1/me and stops working once revoked", async ({ page, playwright, baseURL }) => {
  await signUp(page, { name: uniqueName("Linus"), email: uniqueEmail("keys") });
  await page.goto("/settings/api-keys");
  await expect(page.getByText("No API keys yet")).toBeVisible();
  await page.getByRole("button", { name: "New API key" }).first().click();
  const form = page.getByRole("form", { name: "Create API key" });
  await form.getByRole("button", { name: "Create key" }).click();
  await expect(form.getByTestId("field-error")).toHaveText("Give the key a name.");
  const keyName = uniqueName("ci-deploy");
  await form.getByLabel("Name").fill(keyName);
  await chooseOption(page, form.getByRole("combobox", { name: "Role" }), "Viewer");
  await form.getByLabel("Expires").fill("2099-01-01T12:00");
  await form.getByRole("button", { name: "Create key" }).click();

  const secret = page.getByTestId("secret-value");
  await expect(secret).toContainText("gthk_");
  const key = ((await secret.textContent()) ?? "").trim();
  await expect(page.getByRole("button", { name: "Copy API key" })).toBeVisible();
  await saveScreenshot(page, "org-admin-api-key-created");

  // A client with nothing but the key (no browser cookies), like curl.
  const api = await playwright.request.newContext({ baseURL: baseURL ?? "" });
  const me = await api.get("/api/v1/me", { headers: { authorization: `Bearer ${key}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ kind: "api_key", role: "viewer", apiKey: { name: keyName } });

  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("secret-value")).toHaveCount(0);
  await page.reload();
  const row = page.getByRole("table", { name: "API keys" }).getByRole("row").filter({ hasText: keyName });
  await expect(row).toContainText("Viewer");
  await expect(row).toContainText("Active");
  await expect(row.getByRole("cell").nth(4)).not.toHaveText("Never"); // last used

  await row.getByRole("button", { name: `Revoke ${keyName}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText(`Revoked ${keyName}`)).toBeVisible();
  await expect(row).toContainText("Revoked");
  const after = await api.get("/api/v1/me", { headers: { authorization: `Bearer ${key}` } });
  expect(after.status()).toBe(401);
  await api.dispose();
  await saveScreenshot(page, "org-admin-api-keys");

  // Both changes are in the key's history (the audit trail filtered by target); the filters live
  // in the URL, so the view survives a reload.
  await row.getByRole("link", { name: `History of ${keyName}` }).click();
  await expect(page).toHaveURL(/\/audit\?targetId=key_/);
  const trail = page.getByRole("table", { name: "Audit trail" });
  await expect(trail.getByRole("row").filter({ hasText: "api_key.revoke" })).toHaveCount(1);
  await expect(trail.getByRole("row").filter({ hasText: "api_key.create" })).toHaveCount(1);
  await expect(trail.getByRole("row").filter({ hasText: "org.create" })).toHaveCount(0);
  const filters = page.getByRole("form", { name: "Filter the audit trail" });
  await filters.getByLabel("Target id").fill("");
  await filters.getByLabel("Action").fill("api_key");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/audit\?action=api_key$/);
  await expect(trail.getByRole("row").filter({ hasText: /api_key\.(create|revoke)/ })).toHaveCount(2);
  await page.reload();
  await expect(filters.getByLabel("Action")).toHaveValue("api_key");
  await expect(trail.getByRole("row").filter({ hasText: /api_key\.(create|revoke)/ })).toHaveCount(2);
  await expect(trail.getByRole("row").filter({ hasText: "org.create" })).toHaveCount(0);
  await saveScreenshot(page, "org-admin-audit-filtered", true);
  const csv = await page.request.get("/api/v1/audit-events/export?format=csv&action=api_key");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect((await csv.text()).trim().split("\r\n")).toHaveLength(3);
});

test.describe("phone width", () => {
  test.use({ viewport: PHONE, hasTouch: true });

  test("members and audit pages fit a phone", async ({ page }) => {
    await signUp(page, { name: uniqueName("Mae"), email: uniqueEmail("phone") });
    for (const [path, shot, form] of [
      ["/settings/members", "org-admin-members-phone", "Invite a member"],
      ["/audit", "org-admin-audit-phone", "Filter the audit trail"],
    ] as const) {
      await page.goto(path);
      await expect(page.getByRole("form", { name: form })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} is wider than the phone screen`).toBeLessThanOrEqual(0);
      await saveScreenshot(page, shot, true);
    }
  });
});
