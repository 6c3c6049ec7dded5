// Screenshots for people to look at (not compared by the tests): e2e/test-results/screenshots.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "test-results", "screenshots");

export const LAPTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export async function saveScreenshot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: path.join(DIR, `${name}.png`), fullPage, animations: "disabled" });
}
