// Issue 7, defect 6: the proxy checked neither Origin nor Host (the transport spec's DNS-rebinding
// protection), and hid the upstream's own check. A request whose Origin is not among the
// server's allowed origins (none by default) gets 403, as does a Host outside the proxy's
// allow-list; requests without Origin (desktop and SDK clients) are unaffected; allowed
// browser origins get working CORS (preflight answered, MCP headers allowed and exposed).
import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { useFixture } from "../helpers/fixture.ts";
import { bearer, post, rpc } from "../helpers/raw.ts";

const APP = "https://app.example.com";
const init = JSON.stringify(rpc(1, "initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "origin-test", version: "1" } }));

/** A POST with a Host header of our choosing (fetch will not send one). */
function postWithHost(url: string, host: string, token: string): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: "POST", headers: { host, "content-type": "application/json", accept: "application/json, text/event-stream", ...bearer(token) } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end(init);
  });
}

describe("Origin and Host checks", () => {
  const f = useFixture({ policy: { version: "1", default: "allow" }, server: { allowedOrigins: [APP, "http://localhost:5173"] } });
  const token = () => f.org.identities[0]!.token;

  it("refuses an Origin the server does not allow with 403 and forwards nothing", async () => {
    f.upstream.reset();
    for (const origin of ["https://evil.example", "null", "https://app.example.com.evil.example", "http://app.example.com"]) {
      const reply = await post(f.url, init, { ...bearer(token()), origin });
      expect(reply.status, origin).toBe(403);
      expect(reply.json).toMatchObject({ error: { data: { gatehouse: { code: "origin_not_allowed" } } } });
    }
    expect(f.upstream.stats().requests).toEqual([]);
  });

  it("lets requests without Origin through, as desktop and SDK clients send them", async () => {
    expect((await post(f.url, init, bearer(token()))).status).toBe(200);
  });

  it("serves an allowed browser origin with CORS: preflight, allowed and exposed MCP headers", async () => {
    const preflight = await fetch(f.url, {
      method: "OPTIONS",
      headers: { origin: APP, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type, mcp-session-id, mcp-protocol-version" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(APP);
    expect(preflight.headers.get("access-control-allow-methods")).toMatch(/POST/);
    const allowed = (preflight.headers.get("access-control-allow-headers") ?? "").toLowerCase();
    for (const h of ["authorization", "content-type", "mcp-session-id", "mcp-protocol-version", "last-event-id"]) expect(allowed).toContain(h);

    const reply = await post(f.url, init, { ...bearer(token()), origin: APP });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("access-control-allow-origin")).toBe(APP);
    const exposed = (reply.headers.get("access-control-expose-headers") ?? "").toLowerCase();
    expect(exposed).toContain("mcp-session-id");
    expect(exposed).toContain("mcp-protocol-version");
    expect(reply.headers.get("mcp-session-id")).toBeTruthy();
  });

  it("refuses a preflight from an origin the server does not allow", async () => {
    const preflight = await fetch(f.url, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("refuses a Host header outside the proxy's allow-list (DNS rebinding)", async () => {
    f.upstream.reset();
    expect(await postWithHost(f.url, "evil.example:4000", token())).toBe(403);
    expect(await postWithHost(f.url, "attacker.localhost.evil.example", token())).toBe(403);
    expect(f.upstream.stats().requests).toEqual([]);
    expect(await postWithHost(f.url, `localhost:${new URL(f.url).port}`, token())).toBe(200);
  });
});

describe("a server with no allowed origins", () => {
  const f = useFixture({ policy: { version: "1", default: "allow" } });

  it("refuses every browser Origin by default", async () => {
    const reply = await post(f.url, init, { ...bearer(f.org.identities[0]!.token), origin: "http://localhost:3000" });
    expect(reply.status).toBe(403);
  });
});
