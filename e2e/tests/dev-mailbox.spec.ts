// The dev mailbox holds working sign-in links for every address, so it must answer only a browser
// on this machine, and only where the operator turned it on. These tests start their own dashboard
// servers (the shared one is bound to loopback, so it cannot show what a network client sees).
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { networkInterfaces } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";

test.describe.configure({ mode: "serial" });

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function machineAddress(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === "IPv4" && !address.internal) return address.address;
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

type Dashboard = { port: number; stop: () => void };

/** `next start` of the built dashboard on every interface, with this environment. */
async function startDashboard(env: Record<string, string | undefined>): Promise<Dashboard> {
  const port = await freePort();
  const child: ChildProcess = spawn("pnpm", ["--filter", "@gatehouse/web", "exec", "next", "start", "-H", "0.0.0.0", "-p", String(port)], {
    cwd: repoRoot,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } as NodeJS.ProcessEnv,
    detached: true,
    stdio: "ignore",
  });
  const stop = () => {
    if (child.pid && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
  };
  try {
    await expect
      .poll(async () => (await fetch(`http://127.0.0.1:${port}/api/healthz`).catch(() => null))?.status ?? 0, { timeout: 45_000 })
      .toBe(200);
  } catch (error) {
    stop();
    throw error;
  }
  return { port, stop };
}

test("served to this machine on loopback; refused (404) to a request to the machine's own network address", async ({ request }) => {
  const address = machineAddress();
  test.skip(!address, "this machine has no non-loopback IPv4 address");
  const dashboard = await startDashboard({ GATEHOUSE_DEV_MAILBOX: "1" });
  try {
    const local = await request.get(`http://localhost:${dashboard.port}/api/dev/mailbox`);
    expect(local.status()).toBe(200);
    expect(await local.json()).toHaveProperty("messages");
    expect((await request.get(`http://localhost:${dashboard.port}/dev/mailbox`)).status()).toBe(200);

    const viaNetwork = await request.get(`http://${address}:${dashboard.port}/api/dev/mailbox`);
    expect(viaNetwork.status()).toBe(404);
    expect(await viaNetwork.text()).not.toContain("messages");
    expect((await request.get(`http://${address}:${dashboard.port}/dev/mailbox`)).status()).toBe(404);
    // The dashboard itself is reachable there: it is the mailbox that refuses, not the network.
    expect((await request.get(`http://${address}:${dashboard.port}/api/healthz`)).status()).toBe(200);
  } finally {
    dashboard.stop();
  }
});

test("absent (404) when not explicitly enabled, even on loopback", async ({ request }) => {
  const dashboard = await startDashboard({ GATEHOUSE_DEV_MAILBOX: undefined });
  try {
    expect((await request.get(`http://localhost:${dashboard.port}/api/dev/mailbox`)).status()).toBe(404);
    expect((await request.get(`http://localhost:${dashboard.port}/dev/mailbox`)).status()).toBe(404);
  } finally {
    dashboard.stop();
  }
});

test("refused to a client a reverse proxy on this machine forwards", async ({ request }) => {
  // The shared test server has the mailbox on; a proxy in front of it names the real client.
  expect((await request.get("/api/dev/mailbox")).status()).toBe(200);
  expect((await request.get("/api/dev/mailbox", { headers: { "x-forwarded-for": "203.0.113.7" } })).status()).toBe(404);
  expect((await request.get("/dev/mailbox", { headers: { forwarded: "for=203.0.113.7;proto=https" } })).status()).toBe(404);
});
