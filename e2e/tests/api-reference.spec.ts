// The API reference page: /api/v1/openapi.json rendered by Scalar, reached from the navigation, at
// laptop and phone width, with nothing loaded from another host.
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail, uniqueName } from "../support/accounts";
import { LAPTOP, PHONE, saveScreenshot } from "../support/screenshots";

test("the API reference renders every route of openapi.json from the nav, at laptop and phone width", async ({ page, request }) => {
  // Scalar's bundle is 4.7 MB of JavaScript: on two cores shared with the server and other tests,
  // parsing it and laying out ~100 operations takes tens of seconds.
  test.setTimeout(180_000);
  const foreignHosts: string[] = [];
  page.on("request", (sent) => {
    const url = new URL(sent.url());
    if (url.hostname !== "localhost") foreignHosts.push(url.host);
  });

  await page.setViewportSize(LAPTOP);
  await signUp(page, { name: uniqueName("Scala"), email: uniqueEmail("apiref") });
  await page.getByRole("navigation").getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(/\/api-reference$/);
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();

  const spec = (await (await request.get("/api/v1/openapi.json")).json()) as { paths: Record<string, Record<string, { summary?: string }>> };
  const summaries = Object.values(spec.paths).flatMap((operations) => Object.values(operations).map((operation) => operation.summary ?? ""));
  expect(summaries.length).toBeGreaterThan(3);
  const reference = page.getByTestId("api-reference");
  // Scalar lists each operation by its summary; the first ones are on screen once it has loaded.
  await expect(reference.getByText(summaries[0]!, { exact: true }).first()).toBeAttached({ timeout: 90_000 });
  for (const summary of summaries) await expect(reference.getByText(summary, { exact: true }).first()).toBeAttached();
  await saveScreenshot(page, "api-reference-laptop");

  await page.setViewportSize(PHONE);
  await page.reload();
  await expect(reference.getByText(summaries[0]!, { exact: true }).first()).toBeAttached({ timeout: 90_000 });
  // Nothing wider than the phone's screen: no sideways scrolling of the page.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await saveScreenshot(page, "api-reference-phone");

  expect(foreignHosts).toEqual([]);
});
