// Each test makes its own people and organizations with random names: no shared seeded ids.
import { randomBytes } from "node:crypto";
import { type Locator, type Page, expect } from "@playwright/test";

export const PASSWORD = "correct horse battery staple";

export function uniqueEmail(tag: string): string {
  return `e2e-${tag}-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}@example.test`;
}

export type MailboxMessage = { id: string; to: string; subject: string; url: string; text?: string; sentAt: string };

/** The dev mailbox's messages to this address, newest first (read over HTTP from this machine). */
export async function mailTo(page: Page, email: string): Promise<MailboxMessage[]> {
  const response = await page.request.get("/api/dev/mailbox");
  expect(response.status()).toBe(200);
  const { messages } = (await response.json()) as { messages: MailboxMessage[] };
  return messages.filter((message) => message.to === email.toLowerCase());
}

/** Waits for the newest mail to this address with this subject and returns it. */
export async function latestMail(page: Page, email: string, subject: string | RegExp): Promise<MailboxMessage> {
  let found: MailboxMessage | undefined;
  await expect
    .poll(async () => {
      found = (await mailTo(page, email)).find((message) => (typeof subject === "string" ? message.subject === subject : subject.test(message.subject)));
      return found !== undefined;
    })
    .toBe(true);
  return found!;
}

export const CONFIRM_SUBJECT = "Confirm your email to finish creating your Gatehouse account";

/** Fills and submits the sign-up form; lands on the check-email page (it does not open the mail). */
export async function submitSignUp(page: Page, person: { name: string; email: string; password?: string }): Promise<void> {
  await page.goto("/sign-up");
  const form = page.getByRole("form", { name: "Create account" });
  await form.getByLabel("Name").fill(person.name);
  await form.getByLabel("Email").fill(person.email);
  await form.getByLabel("Password").fill(person.password ?? PASSWORD);
  await form.getByRole("button", { name: "Create account" }).click();
}

/**
 * Signs up through the form, confirms the address with the link mailed to the dev mailbox and waits
 * for the dashboard. Returns the org name it shows.
 */
export async function signUp(page: Page, person: { name: string; email: string; password?: string }): Promise<string> {
  await submitSignUp(page, person);
  await expect(page).toHaveURL(/\/sign-up\/check-email$/);
  const mail = await latestMail(page, person.email, CONFIRM_SUBJECT);
  await page.goto(mail.url);
  await expect(page).toHaveURL(/\/servers$/);
  // Sign-up names the first organization after the first word of the person's name.
  const orgName = `${person.name.split(" ")[0]}'s organization`;
  await expect(page.getByTestId("current-org")).toHaveText(orgName);
  return orgName;
}

/** A one-word name unique to this run, so org names never collide between tests. */
/** The id of the organization the signed-in page is working in (`GET /api/v1/me`). */
export async function currentOrgId(page: Page): Promise<string> {
  const me = (await (await page.request.get("/api/v1/me")).json()) as { org: { id: string } };
  return me.org.id;
}

export function uniqueName(base: string): string {
  return `${base}${randomBytes(3).toString("hex")}`;
}

export async function signInWithPassword(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  const form = page.getByRole("form", { name: "Sign in with password" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: /^Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** Opens the org switcher and returns its menu; organizations are its menuitemradio entries. */
export async function openOrgSwitcher(page: Page): Promise<Locator> {
  await page.getByTestId("org-switcher").click();
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  return menu;
}
