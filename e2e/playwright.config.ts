// End-to-end tests against a production build of apps/web, in Debian's Chromium (never a
// downloaded browser: this network cannot fetch one). Build first: `pnpm --filter @gatehouse/web build`.
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.GATEHOUSE_WEB_PORT ?? 3000);
// Auth.js cookies are set for the host name the browser used, and Next rewrites 127.0.0.1 to
// localhost in request URLs: test through localhost only (shared STACK-NOTES).
const baseURL = `http://localhost:${port}`;

// The servers spec registers the in-process demo upstream (on loopback) and runs a proxy on this port.
process.env.GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS ??= "true";
process.env.GATEHOUSE_PUBLIC_PROXY_URL ??= `http://127.0.0.1:${port + 1100}`;
const serverEnv: Record<string, string> = { NEXT_TELEMETRY_DISABLED: "1" };
for (const [key, value] of Object.entries(process.env)) if (value !== undefined) serverEnv[key] = value;

export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  // Two cores are shared with the web server; more workers only add contention.
  workers: 2,
  reporter: process.env.CI ? [["list"], ["html", { open: "never", outputFolder: "./playwright-report" }]] : "list",
  // Sign-up goes through the mailbox (check your email, open the link, confirm): several page
  // loads and a password hash per test, on two cores shared with the server under test.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: {
    command: `pnpm --filter @gatehouse/web start -p ${port}`,
    url: `${baseURL}/api/healthz`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
    env: serverEnv,
  },
});
