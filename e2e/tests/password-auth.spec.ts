// Email + password: sign up, sign out, sign in again; a wrong password is refused visibly.
import { expect, test } from "@playwright/test";
import { PASSWORD, signInWithPassword, signOut, signUp, uniqueEmail, uniqueName } from "../support/accounts";

test("sign up lands in the dashboard of a new org; sign out; sign in again", async ({ page }) => {
  const email = uniqueEmail("pw");
  const name = uniqueName("Ada");
  const orgName = await signUp(page, { name, email });
  await expect(page.getByTestId("user-email")).toHaveText(email);
  await expect(page.getByRole("heading", { name: "Servers" })).toBeVisible();

  // The new user is the admin of the organization sign-up created.
  await page.getByRole("link", { name: "Settings" }).click();
  const member = page.getByRole("table", { name: "Members" }).getByRole("row").filter({ hasText: email });
  await expect(member).toContainText("Admin");

  await signOut(page);
  await page.goto("/servers");
  await expect(page).toHaveURL(/\/sign-in/);

  await signInWithPassword(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/servers$/);
  await expect(page.getByTestId("current-org")).toHaveText(orgName);
});

test("a wrong password shows an error and does not sign in", async ({ page }) => {
  const email = uniqueEmail("wrongpw");
  await signUp(page, { name: uniqueName("Grace"), email });
  await signOut(page);

  await signInWithPassword(page, email, `${PASSWORD}!`);
  await expect(page.getByTestId("form-error")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/servers");
  await expect(page).toHaveURL(/\/sign-in/);

  // An unknown email gets the same answer: the form does not reveal who has an account.
  await signInWithPassword(page, uniqueEmail("nobody"), PASSWORD);
  await expect(page.getByTestId("form-error")).toHaveText("Wrong email or password.");
});

test("signing up twice with one email is refused", async ({ page, browser }) => {
  const email = uniqueEmail("dup");
  await signUp(page, { name: uniqueName("Linus"), email });

  const other = await browser.newPage();
  await other.goto("/sign-up");
  const form = other.getByRole("form", { name: "Create account" });
  await form.getByLabel("Name").fill("Someone");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(PASSWORD);
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(other.getByTestId("form-error")).toContainText("already exists");
  await other.close();
});
