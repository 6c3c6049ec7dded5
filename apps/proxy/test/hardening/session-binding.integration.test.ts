// Issue 7, defect 3: identity B's token with identity A's Mcp-Session-Id ran calls in A's
// session, took over A's GET stream and could DELETE it — across orgs too, when both registered
// the same upstream URL. A session id now belongs to the (org, server, identity) that
// initialized it, recorded in Redis so every replica agrees; anyone else gets 404.
import { describe, expect, it } from "vitest";
import type { ProxyHandle } from "../../src/proxy.ts";
import { useFixture } from "../helpers/fixture.ts";
import { startTestProxy } from "../helpers/harness.ts";
import { TestOrg } from "../helpers/org.ts";
import { bearer, messagesOf, openSession, post, rpc } from "../helpers/raw.ts";

const POLICY = { version: "1", default: "allow" };

async function send(url: string, method: "GET" | "DELETE", headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const abort = new AbortController();
  const res = await fetch(url, { method, headers: { accept: "text/event-stream", ...headers }, signal: abort.signal });
  const status = res.status;
  // A GET that was let through is an SSE stream that never ends: read nothing, just hang up.
  const body = status === 200 && method === "GET" ? "" : await res.text();
  abort.abort();
  return { status, body };
}

describe("MCP sessions are bound to the identity that opened them", () => {
  const f = useFixture({ policy: POLICY, identities: 2 });

  it("answers 404 to another identity's POST, GET and DELETE on the session, and A keeps it", async () => {
    const [a, b] = f.org.identities;
    const aHeaders = await openSession(f.url, a!.token);
    const session = aHeaders["mcp-session-id"]!;
    expect(session).toBeTruthy();
    f.upstream.reset();
    const stolen = { ...aHeaders, ...bearer(b!.token) };
    const postReply = await post(f.url, JSON.stringify(rpc(1, "tools/list")), stolen);
    expect(postReply.status).toBe(404);
    expect(postReply.json).toMatchObject({ jsonrpc: "2.0", error: { data: { gatehouse: { code: "unknown_session" } } } });
    expect((await send(f.url, "GET", stolen)).status).toBe(404);
    expect((await send(f.url, "DELETE", stolen)).status).toBe(404);
    expect(f.upstream.stats().requests).toHaveLength(0);
    const events = await f.eventsOf(postReply.headers.get("x-gatehouse-request-id")!);
    expect(events[0]).toMatchObject({ identityId: b!.id, outcome: "rejected" });

    // A's session is untouched: its calls work and A alone may end it.
    const own = await post(f.url, JSON.stringify(rpc(2, "tools/list")), aHeaders);
    expect(own.status).toBe(200);
    expect(messagesOf(own)[0]).toHaveProperty("result.tools");
    expect((await send(f.url, "DELETE", aHeaders)).status).toBe(200);
    expect((await post(f.url, JSON.stringify(rpc(3, "tools/list")), aHeaders)).status).toBe(404);
  });

  it("answers 404 for a session id nobody opened through this proxy", async () => {
    const reply = await post(f.url, JSON.stringify(rpc(1, "ping")), { ...bearer(f.org.identities[0]!.token), "mcp-session-id": "made-up-session" });
    expect(reply.status).toBe(404);
  });

  it("keeps orgs apart when two register the same upstream URL", async () => {
    const other = new TestOrg({ key: f.key, upstreamUrl: f.upstream.url, policy: POLICY });
    f.cp.put(other.bundle());
    await f.proxy.bundles.refresh(other.orgId);
    const aHeaders = await openSession(f.url, f.org.identities[0]!.token);
    f.upstream.reset();
    const reply = await post(`${f.proxy.url}${other.mcpPath}`, JSON.stringify(rpc(1, "tools/list")), { ...aHeaders, ...bearer(other.identities[0]!.token) });
    expect(reply.status).toBe(404);
    expect(f.upstream.stats().requests).toHaveLength(0);
  });

  it("is enforced the same by every replica sharing Redis", async () => {
    let second: ProxyHandle | undefined;
    try {
      second = await startTestProxy({ controlPlaneUrl: f.cp.url, secret: f.cp.secret, key: f.key });
      const secondUrl = `${second.url}${f.org.mcpPath}`;
      const aHeaders = await openSession(f.url, f.org.identities[0]!.token);
      expect((await post(secondUrl, JSON.stringify(rpc(1, "ping")), aHeaders)).status).toBe(200);
      expect((await post(secondUrl, JSON.stringify(rpc(2, "ping")), { ...aHeaders, ...bearer(f.org.identities[1]!.token) })).status).toBe(404);
    } finally {
      await second?.close();
    }
  });
});
