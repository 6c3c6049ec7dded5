// Registering a server whose upstream takes OAuth client credentials from the dashboard: the
// credential kind switch, field errors for the OAuth fields, then a real token endpoint (node:http,
// here) and the demo upstream requiring its bearer, with discovery finding the six tools and the
// secret shown nowhere.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type DemoUpstream, startDemoUpstream } from "@gatehouse/demo-upstream";
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail, uniqueName } from "../support/accounts";
import { LAPTOP, PHONE, saveScreenshot } from "../support/screenshots";

const SECRET = `cs-${Math.random().toString(36).slice(2, 10)}`;
const ACCESS_TOKEN = `at-${Math.random().toString(36).slice(2, 10)}`;
let demo: DemoUpstream;
let tokenServer: Server;
let tokenUrl: string;

test.beforeAll(async () => {
  demo = await startDemoUpstream({ requiredHeader: { name: "authorization", value: `Bearer ${ACCESS_TOKEN}` } });
  tokenServer = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ access_token: ACCESS_TOKEN, token_type: "Bearer", expires_in: 3600 }));
    });
  });
  await new Promise<void>((r) => tokenServer.listen(0, "127.0.0.1", r));
  tokenUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/oauth/token`;
});
test.afterAll(async () => {
  await demo?.close();
  await new Promise((r) => tokenServer?.close(r));
});

test("registers a server with OAuth client credentials, field errors first", async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize(LAPTOP);
  await signUp(page, { name: uniqueName("Olga"), email: uniqueEmail("oauth") });
  await page.goto("/servers/new");
  const form = page.getByRole("form", { name: "Register a server" });
  await form.getByLabel("Kind").click();
  await page.getByRole("option", { name: "OAuth client credentials" }).click();
  await form.getByLabel("Name", { exact: true }).fill("Flux via OAuth");
  await form.getByLabel("Upstream URL").fill(demo.url);
  await form.getByRole("button", { name: "Register and discover tools" }).click();
  await expect(form.getByText("Enter the token endpoint's http(s) URL.")).toBeVisible();
  await expect(form.getByText("Enter the client ID.")).toBeVisible();
  await expect(form.getByText("Enter the client secret.")).toBeVisible();
  await saveScreenshot(page, "servers-oauth-1-errors");
  await page.setViewportSize(PHONE);
  await saveScreenshot(page, "servers-oauth-2-phone", true);
  await page.setViewportSize(LAPTOP);

  await form.getByLabel("Token URL").fill(tokenUrl);
  await form.getByLabel("Client ID").fill("gatehouse");
  await form.getByLabel("Client secret").fill(SECRET);
  await form.getByLabel("Scope").fill("mcp:tools");
  await form.getByRole("button", { name: "Register and discover tools" }).click();
  await expect(page).toHaveURL(/\/servers\/srv_/);
  await expect(page.getByRole("table", { name: "Tools" }).getByRole("row")).toHaveCount(7);
  await expect(page.getByText(/OAuth client credentials: client gatehouse/)).toBeVisible();
  await expect(page.getByText(SECRET)).toHaveCount(0);
  await saveScreenshot(page, "servers-oauth-3-registered");
});
