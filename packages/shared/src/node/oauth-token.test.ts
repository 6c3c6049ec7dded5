// The client-credentials token cache with a controlled clock and a real local token endpoint.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientCredentialsTokenCache, readClientCredentials, type TokenFetch, TokenRequestError } from "./oauth-token.ts";

let issued = 0;
let url = "";
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    issued++;
    if (req.url === "/fail") {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "invalid_client" }));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ access_token: `t${issued}`, expires_in: 100 }));
  });
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const config = (path = "/token") => ({ type: "oauth2_client_credentials" as const, tokenUrl: url + path, clientId: "c", clientSecret: "shh-secret" });

describe("ClientCredentialsTokenCache", () => {
  it("keeps a token until shortly before expires_in, then fetches a new one; shares one fetch in flight", async () => {
    let now = 1_000_000;
    const cache = new ClientCredentialsTokenCache(fetch as unknown as TokenFetch, { now: () => now });
    const start = issued;
    const [a, b] = await Promise.all([cache.get("k", config()), cache.get("k", config())]);
    expect(a.accessToken).toBe(b.accessToken);
    expect(issued).toBe(start + 1);
    now += 85_000; // 100 s lifetime, refreshed 10 s (a tenth) early
    expect((await cache.get("k", config())).accessToken).toBe(a.accessToken);
    now += 6_000;
    const c = await cache.get("k", config());
    expect(c.accessToken).not.toBe(a.accessToken);
    expect(issued).toBe(start + 2);
    cache.invalidate("k", a.accessToken); // a stale token's refusal does not drop the new one
    expect((await cache.get("k", config())).accessToken).toBe(c.accessToken);
    cache.invalidate("k", c.accessToken);
    expect((await cache.get("k", config())).accessToken).not.toBe(c.accessToken);
  });

  it("reports the token endpoint's refusal without the secret", async () => {
    const cache = new ClientCredentialsTokenCache(fetch as unknown as TokenFetch);
    const error = await cache.get("f", config("/fail")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as Error).message).toBe("The token endpoint answered HTTP 400: invalid_client.");
    expect((error as Error).message).not.toContain("shh-secret");
  });

  it("tells the OAuth form from static headers", () => {
    expect(readClientCredentials({ headers: { a: "b" } })).toBeNull();
    expect(readClientCredentials({ ...config(), scope: "s" })?.scope).toBe("s");
    expect(() => readClientCredentials({ type: "oauth2_client_credentials" })).toThrow();
  });
});
