// The signed-in shell at laptop and phone widths: where the navigation is, which section is
// current, the skip link, and that nothing forces the page wider than a phone.
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail, uniqueName } from "../support/accounts";
import { LAPTOP, PHONE, saveScreenshot } from "../support/screenshots";

test.describe("laptop width", () => {
  test.use({ viewport: LAPTOP });

  test("sidebar navigation marks the current section; the skip link jumps to the content", async ({ page }) => {
    await signUp(page, { name: uniqueName("Ada"), email: uniqueEmail("shell") });
    const nav = page.getByRole("navigation", { name: "Sections" });
    await expect(nav).toBeVisible();
    await expect(page.getByRole("button", { name: "Open navigation menu" })).toBeHidden();
    await expect(nav.getByRole("link", { name: "Servers" })).toHaveAttribute("aria-current", "page");

    await nav.getByRole("link", { name: "Policies" }).click();
    await expect(page).toHaveURL(/\/policies$/);
    await expect(page.getByRole("heading", { level: 1, name: "Policies" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Policies" })).toHaveAttribute("aria-current", "page");
    await expect(nav.getByRole("link", { name: "Servers" })).not.toHaveAttribute("aria-current", "page");

    // On a fresh page the first Tab stop is the skip link, visible once focused; following it
    // focuses <main>.
    await page.reload();
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();

    await page.getByRole("link", { name: "Servers" }).click();
    await expect(page.getByTestId("empty-state")).toBeVisible();
    await saveScreenshot(page, "shell-laptop-servers");
  });
});

test.describe("phone width", () => {
  test.use({ viewport: PHONE, hasTouch: true });

  test("the navigation moves into a menu sheet, and no page is wider than the screen", async ({ page }) => {
    const email = uniqueEmail("phone");
    await signUp(page, { name: uniqueName("Grace"), email });
    await expect(page.getByRole("navigation", { name: "Sections" })).toBeHidden();

    const menuButton = page.getByRole("button", { name: "Open navigation menu" });
    await menuButton.click();
    const sheet = page.getByRole("dialog");
    await expect(sheet).toBeVisible();
    await expect(sheet.getByRole("link", { name: "Servers" })).toHaveAttribute("aria-current", "page");
    await saveScreenshot(page, "shell-phone-menu");

    await sheet.getByRole("link", { name: "Decision logs" }).click();
    await expect(page).toHaveURL(/\/decision-logs$/);
    await expect(sheet).toBeHidden();
    await expect(menuButton).toBeFocused();

    for (const path of ["/servers", "/identities", "/grants", "/policies", "/approvals", "/decision-logs", "/audit", "/settings"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} is wider than the phone screen`).toBeLessThanOrEqual(0);
    }
    // Settings has a table (members) and the audit trail has rows: both scroll inside their box.
    await saveScreenshot(page, "shell-phone-settings", true);
    await page.goto("/audit");
    await saveScreenshot(page, "shell-phone-audit", true);
  });
});
