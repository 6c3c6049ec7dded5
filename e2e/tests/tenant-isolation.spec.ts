// One user's organization is invisible to another: not in the switcher, not reachable by forcing
// its id through the switch endpoint or the org cookie.
import { expect, test } from "@playwright/test";
import { openOrgSwitcher, signUp, uniqueEmail, uniqueName } from "../support/accounts";

test("a second user cannot see or enter the first user's organization", async ({ browser, baseURL }) => {
  const alice = await browser.newContext();
  const alicePage = await alice.newPage();
  const aliceEmail = uniqueEmail("alice");
  const aliceFirstOrg = await signUp(alicePage, { name: uniqueName("Alice"), email: aliceEmail });

  // Alice makes a second org with a name nobody else has, and it becomes current.
  const secretOrg = `Secret ${uniqueName("Lab")}`;
  await (await openOrgSwitcher(alicePage)).getByRole("menuitem", { name: "New organization" }).click();
  await alicePage.getByLabel("Organization name").fill(secretOrg);
  await alicePage.getByRole("button", { name: "Create organization" }).click();
  await expect(alicePage.getByTestId("current-org")).toHaveText(secretOrg);
  await alicePage.goto("/settings");
  const secretOrgId = (await alicePage.getByTestId("org-id").textContent())?.trim() ?? "";
  expect(secretOrgId).toMatch(/^org_/);

  // Alice can switch between her own orgs (the control for the refusals below).
  await (await openOrgSwitcher(alicePage)).getByRole("menuitemradio").filter({ hasText: aliceFirstOrg }).click();
  await expect(alicePage.getByTestId("current-org")).toHaveText(aliceFirstOrg);

  const bob = await browser.newContext();
  const bobPage = await bob.newPage();
  const bobOrg = await signUp(bobPage, { name: uniqueName("Bob"), email: uniqueEmail("bob") });

  const orgs = await openOrgSwitcher(bobPage);
  await expect(orgs.getByRole("menuitemradio")).toHaveCount(1);
  await expect(orgs).toContainText(bobOrg);
  await expect(orgs).not.toContainText(secretOrg);

  // Forcing Alice's org id through the switch endpoint: 404 in the error envelope.
  const refused = await bobPage.request.post("/api/orgs/switch", { form: { orgId: secretOrgId }, maxRedirects: 0 });
  expect(refused.status()).toBe(404);
  const body = await refused.json();
  expect(body.error.code).toBe("not_found");
  expect(typeof body.error.requestId).toBe("string");

  // Forging the org cookie: ignored, Bob still sees only his own org and none of Alice's data.
  await bob.addCookies([{ name: "gatehouse-org", value: secretOrgId, url: baseURL! }]);
  await bobPage.goto("/settings");
  await expect(bobPage.getByTestId("current-org")).toHaveText(bobOrg);
  await expect(bobPage.getByTestId("org-id")).not.toHaveText(secretOrgId);
  await expect(bobPage.locator("body")).not.toContainText(secretOrg);
  await expect(bobPage.locator("body")).not.toContainText(aliceEmail);
  await bobPage.goto("/audit");
  await expect(bobPage.locator("body")).not.toContainText(secretOrgId);

  await alice.close();
  await bob.close();
});
