// Every request the proxy must refuse on its own — unknown server, bad or missing token, no
// grant, oversize body, malformed JSON / JSON-RPC / params, no bundle — gets the documented
// status and a JSON-RPC error body, and nothing at all reaches the upstream.
import { type DemoUpstream, startDemoUpstream } from "@gatehouse/demo-upstream";
import { generateSecret, TOKEN_PREFIX } from "@gatehouse/shared/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProxyHandle } from "../src/proxy.ts";
import { startTestControlPlane, type TestControlPlane } from "./helpers/control-plane.ts";
import { createRedis } from "@gatehouse/jobs";
import { FLUX_POLICY, newKey, REDIS_URL, readDecisionEvents, startTestProxy, streamCursor, waitFor } from "./helpers/harness.ts";
import { TestOrg } from "./helpers/org.ts";
import { type ProxyStack, startProxyStack } from "./helpers/proxy-stack.ts";
import { bearer, post, rpc } from "./helpers/raw.ts";

type RpcErrorBody = { jsonrpc: string; id: unknown; error: { code: number; message: string; data?: { gatehouse?: { code: string; requestId?: string } } } };

describe("refusals before forwarding", () => {
  let upstream: DemoUpstream;
  let stack: ProxyStack;
  let proxy: ProxyHandle;
  let org: TestOrg;
  let url: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    upstream = await startDemoUpstream();
    stack = await startProxyStack({ upstreamUrl: upstream.url, policy: FLUX_POLICY, server: { maxBodyBytes: 2048 } });
    ({ proxy, org, url } = stack);
    tokens.ok = org.identities[0]!.token;
    tokens.noGrant = org.addIdentity("no-grant", false).token;
    const disabledGrant = org.addIdentity("grant-disabled", true);
    org.draft.grants.find((g) => g.identityId === disabledGrant.id)!.enabled = false;
    tokens.grantDisabled = disabledGrant.token;
    const expiredGrant = org.addIdentity("grant-expired", true);
    org.draft.grants.find((g) => g.identityId === expiredGrant.id)!.expiresAt = new Date(Date.now() - 1000).toISOString();
    tokens.grantExpired = expiredGrant.token;
    const expiredToken = org.addIdentity("token-expired", true);
    org.draft.tokens.find((t) => t.identityId === expiredToken.id)!.expiresAt = new Date(Date.now() - 1000).toISOString();
    tokens.tokenExpired = expiredToken.token;
    const disabled = org.addIdentity("identity-disabled", true);
    org.draft.identities.find((i) => i.id === disabled.id)!.disabled = true;
    tokens.identityDisabled = disabled.token;
    // The proxy holds the first revision already; the refusal cases must be in the one it enforces.
    stack.cp.put(org.bundle());
    await proxy.bundles.refresh(org.orgId);
  });

  afterAll(async () => {
    await stack?.close();
    await upstream?.close();
  });

  const listTools = JSON.stringify(rpc(1, "tools/list"));

  it("answers 404 for an unknown server, even with a valid token", async () => {
    const reply = await post(`${proxy.url}/mcp/srv_doesnotexist`, listTools, bearer(tokens.ok!));
    expect(reply.status).toBe(404);
    expect((reply.json as RpcErrorBody).error.data?.gatehouse?.code).toBe("unknown_server");
    expect((reply.json as RpcErrorBody).jsonrpc).toBe("2.0");
  });

  it.each([
    ["no Authorization header", {}],
    ["a scheme other than Bearer", { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` }],
    ["an unknown token", bearer(generateSecret(TOKEN_PREFIX).plaintext)],
    ["an expired token", "tokenExpired"],
    ["a disabled identity's token", "identityDisabled"],
  ] as const)("answers 401 with WWW-Authenticate: Bearer for %s", async (_label, auth) => {
    const headers = typeof auth === "string" ? bearer(tokens[auth]!) : auth;
    const reply = await post(url, listTools, headers);
    expect(reply.status).toBe(401);
    expect(reply.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
    const body = reply.json as RpcErrorBody;
    expect(body.error.data?.gatehouse?.code).toBe("unauthorized");
    expect(body.error.message).not.toContain(tokens.ok);
  });

  it.each(["noGrant", "grantDisabled", "grantExpired"])("answers 403 for a valid token without a usable grant (%s)", async (which) => {
    const reply = await post(url, listTools, bearer(tokens[which]!));
    expect(reply.status).toBe(403);
    expect((reply.json as RpcErrorBody).error.data?.gatehouse?.code).toBe("forbidden");
  });

  it("logs a 403 as a rejected decision of the identity, with no grant", async () => {
    const since = streamCursor();
    const reply = await post(url, listTools, bearer(tokens.noGrant!));
    const requestId = (reply.json as RpcErrorBody).error.data?.gatehouse?.requestId;
    expect(requestId).toMatch(/^req_/);
    const redis = createRedis(REDIS_URL, "worker");
    try {
      const noGrant = org.identities.find((i) => i.token === tokens.noGrant)!;
      const events = await waitFor(async () => {
        const found = (await readDecisionEvents(redis, proxy, org.orgId, since)).filter((e) => e.requestId === requestId);
        return found.length > 0 ? found : undefined;
      });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        outcome: "rejected",
        rule: "(no grant)",
        identityId: noGrant.id,
        grantId: null,
        method: "http:POST",
        tokenPrefix: noGrant.tokenPrefix,
      });
    } finally {
      redis.disconnect();
    }
  });

  it("answers 413 for a body over the server's limit, declared or chunked", async () => {
    const big = JSON.stringify(rpc(1, "tools/call", { name: "flux_edit_image", arguments: { prompt: "x".repeat(4096) } }));
    const declared = await post(url, big, bearer(tokens.ok!));
    expect(declared.status).toBe(413);
    expect((declared.json as RpcErrorBody).error.code).toBe(-32600);
    const bytes = new TextEncoder().encode(big);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 1000) controller.enqueue(bytes.slice(i, i + 1000));
        controller.close();
      },
    });
    expect((await post(url, chunked, bearer(tokens.ok!))).status).toBe(413);
  });

  it("answers -32700 (HTTP 400) for invalid JSON", async () => {
    const reply = await post(url, '{"jsonrpc":"2.0","id":1,"method":"tools/call",', bearer(tokens.ok!));
    expect(reply.status).toBe(400);
    expect((reply.json as RpcErrorBody).error.code).toBe(-32700);
  });

  it.each([
    ["an object that is not JSON-RPC", JSON.stringify({ hello: "world" })],
    ["a wrong jsonrpc version", JSON.stringify({ jsonrpc: "1.0", id: 1, method: "tools/list" })],
    ["a non-string method", JSON.stringify({ jsonrpc: "2.0", id: 1, method: 5 })],
    ["an empty batch", "[]"],
    ["a bare string", '"tools/list"'],
  ])("answers -32600 (HTTP 400) for %s", async (_label, body) => {
    const reply = await post(url, body, bearer(tokens.ok!));
    expect(reply.status).toBe(400);
    expect((reply.json as RpcErrorBody).error.code).toBe(-32600);
  });

  it.each([
    ["arguments that are an array", { name: "flux_edit_image", arguments: [1, 2] }],
    ["arguments that are a string", { name: "flux_edit_image", arguments: "prompt=x" }],
    ["no tool name", { arguments: {} }],
    ["params that are not an object", ["flux_edit_image"]],
  ])("answers -32602 for a tools/call with %s", async (_label, params) => {
    const reply = await post(url, JSON.stringify(rpc(7, "tools/call", params)), bearer(tokens.ok!));
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ jsonrpc: "2.0", id: 7, error: { code: -32602 } });
  });

  it("let nothing above reach the upstream", () => {
    expect(upstream.stats().requests).toEqual([]);
    expect(upstream.stats().total).toBe(0);
  });

  it("answers 503 to everything while it holds no bundle at all, and is not ready", async () => {
    const emptyCp = await startTestControlPlane(REDIS_URL);
    const empty = await startTestProxy({ controlPlaneUrl: emptyCp.url, secret: emptyCp.secret, key: stack.key });
    try {
      const reply = await post(`${empty.url}${org.mcpPath}`, listTools, bearer(tokens.ok!));
      expect(reply.status).toBe(503);
      expect((reply.json as RpcErrorBody).error.data?.gatehouse?.code).toBe("no_bundle");
      expect((await fetch(`${empty.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${proxy.url}/readyz`)).status).toBe(200);
    } finally {
      await empty.close();
      await emptyCp.close();
    }
    expect(upstream.stats().total).toBe(0);
  });
});

describe("private upstream addresses", () => {
  const key = newKey();
  let upstream: DemoUpstream;
  let cp: TestControlPlane;
  let proxy: ProxyHandle;

  beforeAll(async () => {
    upstream = await startDemoUpstream();
    cp = await startTestControlPlane(REDIS_URL);
    proxy = await startTestProxy({ controlPlaneUrl: cp.url, secret: cp.secret, key, allowPrivateUpstreams: false });
  });

  afterAll(async () => {
    await proxy?.close();
    await cp?.close();
    await upstream?.close();
  });

  it.each([
    ["an IP literal", (u: string) => u],
    ["a name that resolves to loopback", (u: string) => u.replace("127.0.0.1", "localhost")],
  ])("refuses to connect to %s unless private upstreams are allowed", async (_label, toUrl) => {
    const org = new TestOrg({ key, upstreamUrl: toUrl(upstream.url), policy: { version: "1", default: "allow" } });
    await cp.publish(org.bundle());
    await proxy.bundles.refresh(org.orgId);
    const reply = await post(`${proxy.url}${org.mcpPath}`, JSON.stringify(rpc(1, "tools/list")), bearer(org.identities[0]!.token));
    expect(reply.status).toBe(502);
    expect(reply.text).toMatch(/private network/);
    expect(upstream.stats().total).toBe(0);
    expect(upstream.stats().requests).toEqual([]);
  });
});
