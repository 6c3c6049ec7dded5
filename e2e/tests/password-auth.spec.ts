// Email + password: sign up (confirmed through the mailed link), sign out, sign in again; a wrong
// password is refused visibly; sign-up does not reveal who has an account; weak passwords are
// refused with the reason at the field; nothing typed is lost when the server refuses the form.
import { type Page, expect, test } from "@playwright/test";
import {
  CONFIRM_SUBJECT,
  PASSWORD,
  latestMail,
  mailTo,
  signInWithPassword,
  signOut,
  signUp,
  submitSignUp,
  uniqueEmail,
  uniqueName,
} from "../support/accounts";

const WRONG = "Wrong email or password. If you just signed up, open the link we mailed you first.";

test("sign up, confirm by mail, land in the dashboard of a new org; sign out; sign in again", async ({ page }) => {
  const email = uniqueEmail("pw");
  const name = uniqueName("Ada");
  const orgName = await signUp(page, { name, email });
  await expect(page.getByTestId("user-email")).toHaveText(email);
  await expect(page.getByRole("heading", { name: "Servers" })).toBeVisible();

  // The new user is the admin of the organization sign-up created.
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Members" }).click();
  const member = page.getByRole("table", { name: "Members" }).getByRole("row").filter({ hasText: email });
  await expect(member).toContainText("Admin");

  await signOut(page);
  await page.goto("/servers");
  await expect(page).toHaveURL(/\/sign-in/);

  await signInWithPassword(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/servers$/);
  await expect(page.getByTestId("current-org")).toHaveText(orgName);
});

test("a wrong password, an unknown email and an unconfirmed sign-up all get the same refusal", async ({ page }) => {
  const email = uniqueEmail("wrongpw");
  await signUp(page, { name: uniqueName("Grace"), email });
  await signOut(page);

  await signInWithPassword(page, email, `${PASSWORD}!`);
  await expect(page.getByTestId("form-error")).toHaveText(WRONG);
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/servers");
  await expect(page).toHaveURL(/\/sign-in/);

  // An unknown email gets the same answer: the form does not reveal who has an account.
  await signInWithPassword(page, uniqueEmail("nobody"), PASSWORD);
  await expect(page.getByTestId("form-error")).toHaveText(WRONG);

  // So does the right password of an account whose address was never confirmed: otherwise a
  // stranger could sign up with any address and learn from signing in whether it was free.
  const unconfirmed = uniqueEmail("unconfirmed");
  await submitSignUp(page, { name: uniqueName("Eve"), email: unconfirmed });
  await expect(page).toHaveURL(/\/sign-up\/check-email$/);
  await signInWithPassword(page, unconfirmed, PASSWORD);
  await expect(page.getByTestId("form-error")).toHaveText(WRONG);
});

/** What the page after sign-up says, for comparing two answers. */
async function answerText(page: Page): Promise<string> {
  await expect(page).toHaveURL(/\/sign-up\/check-email$/);
  return ((await page.locator("main").textContent()) ?? "").trim();
}

test("signing up with an existing email answers exactly like a new one; the owner is told by mail", async ({ page, browser }) => {
  const email = uniqueEmail("dup");
  const name = uniqueName("Linus");
  const orgName = await signUp(page, { name, email });
  await signOut(page);

  const stranger = await browser.newPage();
  await submitSignUp(stranger, { name: "Someone", email: uniqueEmail("fresh"), password: "another fine passphrase" });
  const answerForNew = await answerText(stranger);
  await submitSignUp(stranger, { name: "Someone", email, password: "another fine passphrase" });
  const answerForExisting = await answerText(stranger);
  expect(answerForExisting).toBe(answerForNew);
  expect(answerForExisting).toContain("Check your email");
  await stranger.close();

  // The owner's mailbox says what happened and offers a sign-in link; nothing changed.
  const notice = await latestMail(page, email, "You already have a Gatehouse account");
  expect(notice.text).toContain("nothing was changed");
  expect((await mailTo(page, email)).filter((mail) => mail.subject === CONFIRM_SUBJECT)).toHaveLength(1);
  await signInWithPassword(page, email, "another fine passphrase");
  await expect(page.getByTestId("form-error")).toHaveText(WRONG);
  await page.goto(notice.url);
  await expect(page).toHaveURL(/\/servers$/);
  await expect(page.getByTestId("current-org")).toHaveText(orgName);
});

test("a guessable password is refused at the field with the reason, and nothing typed is lost", async ({ page }) => {
  const email = uniqueEmail("weak");
  const name = uniqueName("Ken");
  const form = page.getByRole("form", { name: "Create account" });

  for (const [password, why] of [
    ["password123", "This is a commonly used password."],
    ["aaaaaaaaaa", 'Repeated characters like "aaa" are easy to guess.'],
  ] as const) {
    await submitSignUp(page, { name, email, password });
    await expect(form.getByTestId("field-error")).toContainText("This password is too easy to guess.");
    await expect(form.getByTestId("field-error")).toContainText(why);
    await expect(form.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/\/sign-up$/);
    await expect(form.getByLabel("Name")).toHaveValue(name);
    await expect(form.getByLabel("Email")).toHaveValue(email);
    await expect(form.getByLabel("Password")).toHaveValue(password);
  }
  expect(await mailTo(page, email)).toHaveLength(0);

  // Fixing just the password is enough: the rest is still there.
  await form.getByLabel("Password").fill("quiet meadow lantern hum");
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/sign-up\/check-email$/);
  await latestMail(page, email, CONFIRM_SUBJECT);
});

test("when the server refuses the form, what was typed stays, the password included", async ({ page }) => {
  const email = uniqueEmail("keep");
  // Longer than the server allows; the browser does not check it, the server does.
  const name = `Ada${"a".repeat(110)}`;
  await submitSignUp(page, { name, email });
  const form = page.getByRole("form", { name: "Create account" });
  await expect(form.getByTestId("field-error")).toBeVisible();
  await expect(form.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Name")).toHaveValue(name);
  await expect(form.getByLabel("Email")).toHaveValue(email);
  await expect(form.getByLabel("Password")).toHaveValue(PASSWORD);
  await expect(form.getByText("If something goes wrong it stays in this form")).toBeVisible();
});

test("a stranger who signed up first with your address does not choose your password", async ({ page, browser }) => {
  const email = uniqueEmail("prereg");
  const stranger = await browser.newPage();
  await submitSignUp(stranger, { name: "Mallory", email, password: "mallory picked this one" });
  await expect(stranger).toHaveURL(/\/sign-up\/check-email$/);
  await stranger.close();

  // The owner signs up too and follows the link mailed to them for that sign-up.
  const sentBefore = (await mailTo(page, email)).length;
  await submitSignUp(page, { name: uniqueName("Owner"), email });
  await expect(page).toHaveURL(/\/sign-up\/check-email$/);
  const mails = await mailTo(page, email);
  expect(mails).toHaveLength(sentBefore + 1);
  await page.goto(mails[0]!.url);
  await expect(page).toHaveURL(/\/servers$/);
  await signOut(page);

  await signInWithPassword(page, email, "mallory picked this one");
  await expect(page.getByTestId("form-error")).toHaveText(WRONG);
  await signInWithPassword(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/servers$/);
});
