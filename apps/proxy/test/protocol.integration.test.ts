// The MCP wire through the proxy, against both upstream response modes (SSE streams and plain
// JSON): tools/list filtering consistent with call-time refusals, JSON-RPC batches decided
// element by element, header hygiene, shadow mode, approvals held, GET streams and DELETE.
import { type DemoUpstream, startDemoUpstream, TOOL_NAMES } from "@gatehouse/demo-upstream";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProxyHandle } from "../src/proxy.ts";
import type { TestControlPlane } from "./helpers/control-plane.ts";
import { callTool, connectAgent, decisionMeta, readDecisionEvents, streamCursor, textOf, waitFor } from "./helpers/harness.ts";
import type { TestOrg } from "./helpers/org.ts";
import { type ProxyStack, startProxyStack } from "./helpers/proxy-stack.ts";
import { messagesOf, openSession, post, rpc } from "./helpers/raw.ts";

const HIDING_POLICY = {
  version: "1",
  default: "allow",
  hide: ["flux_delete_image", "flux_cancel_*"],
  tools: {
    flux_generate_image: { approve_if: [{ conditions: [{ path: "args.width", op: "gt", value: 1024 }] }], approval: { hold: "1s" } },
  },
};

describe.each([
  ["SSE", false],
  ["JSON", true],
])("MCP protocol through the proxy (%s upstream)", (_mode, jsonResponse) => {
  let upstream: DemoUpstream;
  let stack: ProxyStack;
  let cp: TestControlPlane;
  let proxy: ProxyHandle;
  let redis: Redis;
  let org: TestOrg;
  let url: string;

  beforeAll(async () => {
    upstream = await startDemoUpstream({ jsonResponse, requiredHeader: { name: "X-Upstream-Key", value: "k-123" } });
    stack = await startProxyStack({ upstreamUrl: upstream.url, upstreamHeaders: { "X-Upstream-Key": "k-123" }, policy: HIDING_POLICY });
    ({ cp, proxy, redis, org, url } = stack);
  });

  afterAll(async () => {
    await stack?.close();
    await upstream?.close();
  });

  it("never lists a tool that tools/call refuses as hidden", async () => {
    const agent = await connectAgent(url, org.identities[0]!.token);
    try {
      const listed = (await agent.client.listTools()).tools.map((t) => t.name);
      expect(listed.length).toBeGreaterThan(0);
      for (const name of TOOL_NAMES) {
        const result = await callTool(agent, name, {});
        const hidden = decisionMeta(result)?.rule === "(hidden)";
        expect(hidden ? !listed.includes(name) : listed.includes(name), `${name}: hidden=${hidden} listed=${listed.includes(name)}`).toBe(true);
      }
      expect(listed).not.toContain("flux_delete_image");
      expect(listed).not.toContain("flux_cancel_task");
      expect(upstream.stats().calls.flux_delete_image).toBeUndefined();
    } finally {
      await agent.close();
    }
  });

  it("forwards no client Authorization or Cookie, injects the upstream credential, passes session headers", async () => {
    upstream.reset();
    const agent = await connectAgent(url, org.identities[0]!.token, { cookie: "session=s3cret" });
    try {
      await agent.client.listTools();
      const requests = upstream.stats().requests;
      expect(requests.length).toBeGreaterThanOrEqual(2);
      for (const r of requests) {
        expect(r.headers.authorization).toBeUndefined();
        expect(r.headers.cookie).toBeUndefined();
        expect(r.headers["x-upstream-key"]).toBe("k-123");
        expect(r.rejected).toBeUndefined();
      }
      const list = requests.find((r) => r.method === "tools/list");
      expect(list?.headers["mcp-session-id"]).toBe(agent.transport.sessionId);
      expect(list?.headers["mcp-protocol-version"]).toBeTruthy();
    } finally {
      await agent.close();
    }
  });

  it("holds a call that needs an approval, then answers approval_pending naming the request (never forwarded)", async () => {
    const agent = await connectAgent(url, org.identities[0]!.token);
    try {
      const result = await callTool(agent, "flux_generate_image", { prompt: "wide", width: 1440, height: 768 });
      expect(textOf(result)).toMatch(/^\[APPROVAL PENDING\] .*needs a human approval/);
      expect(decisionMeta(result)).toMatchObject({ outcome: "approval_pending", rule: "/tools/flux_generate_image/approve_if/args.width-gt", approval_id: expect.stringMatching(/^apr_/) });
      expect(upstream.stats().calls.flux_generate_image).toBeUndefined();
    } finally {
      await agent.close();
    }
  });

  it("decides a batch element by element and forwards only what passed", async () => {
    upstream.reset();
    const headers = await openSession(url, org.identities[0]!.token);
    const batch = [
      rpc(1, "tools/call", { name: "flux_list_tasks", arguments: { limit: 2 } }),
      rpc(2, "tools/call", { name: "flux_delete_image", arguments: { image_id: "img_1" } }),
      rpc(3, "tools/call", { name: "flux_list_tasks", arguments: [1] }),
      { hello: "not json-rpc" },
      rpc(4, "tools/list"),
    ];
    const reply = await post(url, JSON.stringify(batch), headers);
    expect(reply.status).toBe(200);
    const byId = new Map(messagesOf(reply).map((m) => [m.id, m]));
    expect(byId.get(1)).toMatchObject({ result: { structuredContent: { tasks: [] } } });
    expect(byId.get(2)).toMatchObject({ result: { isError: true, _meta: { "gatehouse/decision": { outcome: "denied", rule: "(hidden)" } } } });
    expect(byId.get(3)).toMatchObject({ error: { code: -32602 } });
    expect(byId.get(null)).toMatchObject({ error: { code: -32600 } });
    const listResult = byId.get(4)?.result as { tools: Array<{ name: string }> } | undefined;
    const tools = (listResult?.tools ?? []).map((t) => t.name);
    expect(tools).toContain("flux_list_tasks");
    expect(tools).not.toContain("flux_delete_image");
    expect(upstream.stats().calls).toEqual({ flux_list_tasks: 1 });

    const refusedOnly = await post(url, JSON.stringify([rpc(5, "tools/call", { name: "flux_cancel_task", arguments: { task_id: "t" } })]), headers);
    expect(refusedOnly.status).toBe(200);
    expect(refusedOnly.json).toMatchObject([{ id: 5, result: { isError: true } }]);
    expect(upstream.stats().calls).toEqual({ flux_list_tasks: 1 });
  });

  it("relays the GET stream and DELETE of a session", async () => {
    upstream.reset();
    const agent = await connectAgent(url, org.identities[0]!.token);
    await waitFor(() => (upstream.stats().requests.some((r) => r.httpMethod === "GET") ? true : undefined), 3000, "the GET stream to reach the upstream");
    expect(upstream.stats().activeSessions).toBeGreaterThan(0);
    const sessions = upstream.stats().activeSessions;
    await agent.transport.terminateSession();
    expect(upstream.stats().requests.some((r) => r.httpMethod === "DELETE")).toBe(true);
    await waitFor(() => (upstream.stats().activeSessions === sessions - 1 ? true : undefined), 3000, "the session to close upstream");
    await agent.close();
  });

  it("in shadow mode allows what it would refuse, and logs the would-be decision", async () => {
    const since = streamCursor();
    org.setPolicyDocument({ version: "1", default: "deny", mode: "shadow", tools: { flux_list_tasks: {} } });
    await cp.publish(org.bundle());
    await proxy.bundles.refresh(org.orgId);
    const agent = await connectAgent(url, org.identities[0]!.token);
    try {
      const listed = (await agent.client.listTools()).tools.map((t) => t.name);
      expect(listed).toContain("flux_delete_image");
      const before = upstream.stats().calls.flux_generate_image ?? 0;
      const result = await callTool(agent, "flux_generate_image", { prompt: "a shadow" });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(decisionMeta(result)).toBeUndefined();
      expect(upstream.stats().calls.flux_generate_image).toBe(before + 1);
      const events = await waitFor(async () => {
        const all = await readDecisionEvents(redis, proxy, org.orgId, since);
        const hit = all.find((e) => e.toolName === "flux_generate_image");
        return hit ? hit : undefined;
      }, 3000, "the shadow decision event");
      expect(events).toMatchObject({ outcome: "allowed", shadowOutcome: "denied", rule: "(default deny)" });
    } finally {
      await agent.close();
      org.setPolicyDocument(HIDING_POLICY);
      await cp.publish(org.bundle());
      await proxy.bundles.refresh(org.orgId);
    }
  });
});
