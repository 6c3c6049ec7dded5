// Upstream auth as OAuth 2.0 client credentials, through the real proxy: a token endpoint
// (node:http, here) and the demo upstream requiring the bearer it issues. The proxy fetches the
// token once for many calls, again once it has expired, and once more when the upstream answers 401.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type DemoUpstream, startDemoUpstream } from "@gatehouse/demo-upstream";
import { encryptText } from "@gatehouse/shared/node";
import { afterEach, describe, expect, it } from "vitest";
import { callTool, connectAgent, newKey } from "./helpers/harness.ts";
import { type ProxyStack, startProxyStack } from "./helpers/proxy-stack.ts";

type TokenRequest = { authorization: string | undefined; contentType: string | undefined; body: URLSearchParams };
type TokenServer = { url: string; requests: TokenRequest[]; close(): Promise<void> };

/** Answers each token request with the next of `tokens` (the last one repeats). */
async function startTokenServer(tokens: { access_token: string; expires_in: number }[]): Promise<TokenServer> {
  const requests: TokenRequest[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    requests.push({ authorization: req.headers.authorization, contentType: req.headers["content-type"], body: new URLSearchParams(raw) });
    const token = tokens[Math.min(requests.length - 1, tokens.length - 1)]!;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ...token, token_type: "bearer" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/oauth/token`, requests, close: () => new Promise((r) => server.close(() => r())) };
}

describe("OAuth client credentials on the upstream hop", () => {
  const key = newKey();
  let upstream: DemoUpstream | undefined;
  let tokens: TokenServer | undefined;
  let stack: ProxyStack | undefined;

  afterEach(async () => {
    await stack?.close();
    await upstream?.close();
    await tokens?.close();
  });

  async function setUp(issued: { access_token: string; expires_in: number }[]) {
    tokens = await startTokenServer(issued);
    upstream = await startDemoUpstream({ requiredHeader: { name: "authorization", value: "Bearer good-token" } });
    const credential = { type: "oauth2_client_credentials", tokenUrl: tokens.url, clientId: "gatehouse", clientSecret: "s3cret/+value", scope: "mcp:tools", audience: "flux" };
    stack = await startProxyStack({ key, upstreamUrl: upstream.url, policy: { version: "1", default: "allow" }, server: { upstreamAuthEnc: encryptText(key, JSON.stringify(credential)) } });
    return { url: stack.url, token: stack.org.identities[0]!.token };
  }

  it("fetches the token once for many calls and sends it as a bearer", async () => {
    const { url, token } = await setUp([{ access_token: "good-token", expires_in: 3600 }]);
    const agent = await connectAgent(url, token);
    try {
      await agent.client.listTools();
      for (let i = 0; i < 3; i++) await callTool(agent, "flux_list_tasks", {});
    } finally {
      await agent.close();
    }
    expect(tokens!.requests).toHaveLength(1);
    const request = tokens!.requests[0]!;
    expect(request.contentType).toBe("application/x-www-form-urlencoded");
    expect(request.body.get("grant_type")).toBe("client_credentials");
    expect(request.body.get("scope")).toBe("mcp:tools");
    expect(request.body.get("audience")).toBe("flux");
    expect(request.authorization).toBe(`Basic ${Buffer.from(`gatehouse:${encodeURIComponent("s3cret/+value")}`).toString("base64")}`);
    const seen = upstream!.stats().requests;
    expect(seen.filter((r) => r.tool === "flux_list_tasks")).toHaveLength(3);
    for (const r of seen) {
      expect(r.headers.authorization).toBe("Bearer good-token");
      expect(r.rejected).toBeUndefined();
    }
  });

  it("fetches a new token once the cached one has expired", async () => {
    // expires_in 0: expired as soon as it is issued, so every upstream request needs a new one.
    const { url, token } = await setUp([{ access_token: "good-token", expires_in: 0 }]);
    const agent = await connectAgent(url, token);
    try {
      await callTool(agent, "flux_list_tasks", {});
      await callTool(agent, "flux_list_tasks", {});
    } finally {
      await agent.close();
    }
    // initialize and each tools/call at least (concurrent requests share one fetch in flight).
    expect(upstream!.stats().requests.filter((r) => r.tool === "flux_list_tasks")).toHaveLength(2);
    expect(tokens!.requests.length).toBeGreaterThanOrEqual(3);
  });

  it("refreshes the token once when the upstream answers 401", async () => {
    const { url, token } = await setUp([
      { access_token: "revoked-token", expires_in: 3600 },
      { access_token: "good-token", expires_in: 3600 },
    ]);
    const agent = await connectAgent(url, token);
    try {
      const result = await callTool(agent, "flux_list_tasks", {});
      expect(result.isError).toBeFalsy();
      await callTool(agent, "flux_list_tasks", {});
    } finally {
      await agent.close();
    }
    expect(tokens!.requests).toHaveLength(2);
    const seen = upstream!.stats().requests;
    expect(seen.filter((r) => r.rejected === "unauthorized")).toHaveLength(1);
    expect(seen.filter((r) => r.tool === "flux_list_tasks" && !r.rejected)).toHaveLength(2);
  });

  it("refreshes only once when the upstream keeps refusing", async () => {
    const { url, token } = await setUp([{ access_token: "revoked-token", expires_in: 3600 }]);
    await expect(connectAgent(url, token)).rejects.toThrow();
    // The initialize request: sent with the cached token, refused, sent once more with a fresh one.
    expect(tokens!.requests).toHaveLength(2);
    expect(upstream!.stats().requests.filter((r) => r.rejected === "unauthorized")).toHaveLength(2);
  });
});
