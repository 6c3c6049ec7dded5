// The dial side of the SSRF guard over real HTTP: every redirect hop is checked before it is
// dialled, so an upstream that passes the check cannot bounce discovery to a private address.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkUpstreamUrl } from "./check-upstream-url.ts";
import { guardedFetch } from "./upstream-client.ts";

let origin: string;
let server: ReturnType<typeof createServer>;
const dialled: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    dialled.push(req.url ?? "");
    if (req.url === "/to-metadata") return res.writeHead(307, { location: "http://169.254.169.254/latest/meta-data" }).end();
    if (req.url === "/to-loopback-name") return res.writeHead(302, { location: "http://localhost:1/admin" }).end();
    if (req.url === "/to-self") return res.writeHead(307, { location: "/final" }).end();
    if (req.url === "/loop") return res.writeHead(307, { location: "/loop" }).end();
    res.writeHead(200, { "content-type": "text/plain" }).end("final");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

// The test server lives on loopback: let exactly its origin through, and judge every other URL
// as the strict deployment would.
const strictExceptTestServer = (url: string) => (new URL(url).origin === origin ? Promise.resolve() : checkUpstreamUrl(url, { allowPrivateNetworks: false }));

describe("guardedFetch", () => {
  // The dial guard must let the loopback test server through too; the URL check stays strict.
  const fetchGuarded = () => guardedFetch({ allowPrivateNetworks: false, timeoutMs: 5000, check: strictExceptTestServer, dial: { allowPrivate: true } });

  it.each(["/to-metadata", "/to-loopback-name"])("refuses the redirect of %s to a private address", async (path) => {
    await expect(fetchGuarded()(`${origin}${path}`, { method: "POST", body: "{}" })).rejects.toThrow(/private or reserved|cloud metadata/);
  });

  it("refuses at the dial what a URL check let through (a name that rebinds between check and connect)", async () => {
    const passEverything = () => Promise.resolve();
    const attempt = guardedFetch({ allowPrivateNetworks: false, timeoutMs: 5000, check: passEverything })(`${origin}/final`);
    const error = (await attempt.then(
      () => null,
      (e: unknown) => e,
    )) as (Error & { cause?: { code?: string } }) | null;
    expect(error?.cause?.code).toBe("GATEHOUSE_PRIVATE_ADDRESS");
  });

  it("follows a redirect that stays on an allowed origin", async () => {
    const res = await fetchGuarded()(`${origin}/to-self`);
    expect(await res.text()).toBe("final");
  });

  it("gives up on a redirect loop", async () => {
    await expect(fetchGuarded()(`${origin}/loop`)).rejects.toThrow(/redirected too many times/);
  });

  it("refuses the first hop when it is private", async () => {
    await expect(guardedFetch({ allowPrivateNetworks: false, timeoutMs: 5000 })(`${origin}/final`)).rejects.toThrow(/private or reserved|cloud metadata/);
  });
});
