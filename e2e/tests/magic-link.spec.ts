// Magic-link sign-in without SMTP: the link lands in the dev mailbox (GATEHOUSE_DEV_MAILBOX=1).
import { type Page, expect, test } from "@playwright/test";
import { openOrgSwitcher, signOut, uniqueEmail } from "../support/accounts";

async function requestLink(page: Page, email: string): Promise<void> {
  await page.goto("/sign-in");
  const form = page.getByRole("form", { name: "Sign in with email link" });
  await form.getByLabel("Email").fill(email);
  await form.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page).toHaveURL(/\/sign-in\/check-email/);
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
}

/** The newest link in the dev mailbox for this address. */
async function latestLink(page: Page, email: string): Promise<string> {
  await page.goto("/dev/mailbox");
  const link = page.getByTestId("mailbox-message").filter({ hasText: email }).first().getByRole("link");
  const href = await link.getAttribute("href");
  expect(href).toContain("/api/auth/callback/email");
  return href!;
}

test("a magic link from the dev mailbox signs a new user in and creates their org", async ({ page, context }) => {
  const email = uniqueEmail("link");
  const orgName = `${email.split("@")[0]}'s organization`;

  // The mailbox is open before the email exists: it must show up there without a reload.
  const mailbox = await context.newPage();
  await mailbox.goto("/dev/mailbox");
  const message = mailbox.getByTestId("mailbox-message").filter({ hasText: email });
  await expect(message).toHaveCount(0);

  await requestLink(page, email);
  await expect(message).toHaveCount(1);
  const firstLink = await message.getByRole("link").getAttribute("href");
  await message.getByRole("link").click();

  await expect(mailbox).toHaveURL(/\/servers$/);
  await expect(mailbox.getByTestId("user-email")).toHaveText(email);
  await expect(mailbox.getByTestId("current-org")).toHaveText(orgName);
  await mailbox.close();

  // A link works once.
  await page.goto("/servers");
  await signOut(page);
  await page.goto(firstLink!);
  await expect(page).toHaveURL(/\/sign-in\?.*error=Verification/);
  await expect(page.getByTestId("form-error")).toContainText("invalid, expired or already used");

  // Signing in again by link reuses the account and its org instead of making another.
  await requestLink(page, email);
  await page.goto(await latestLink(page, email));
  await expect(page).toHaveURL(/\/servers$/);
  const orgs = await openOrgSwitcher(page);
  await expect(orgs.getByRole("menuitemradio")).toHaveCount(1);
});
