// Quota is reserved before forwarding and given back when the upstream call fails, and it is
// exact across proxy replicas sharing Redis.
import { type DemoUpstream, startDemoUpstream } from "@gatehouse/demo-upstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProxyHandle } from "../src/proxy.ts";
import { type ChildProxy, spawnProxy } from "./helpers/child-proxy.ts";
import { type Agent, callTool, connectAgent, decisionMeta, EDIT_ARGS, REDIS_URL, startOfFreshHour, tempDir, textOf } from "./helpers/harness.ts";
import type { TestOrg } from "./helpers/org.ts";
import { type ProxyStack, startProxyStack } from "./helpers/proxy-stack.ts";

const limitPolicy = (max: number) => ({
  version: "1",
  default: "deny",
  tools: { flux_edit_image: { limits: [{ counter: "edits", window: "hour", max, scope: "grant" }] } },
});

describe.each([
  ["SSE", false],
  ["JSON", true],
])("quota rollback on upstream failure (%s upstream)", (_mode, jsonResponse) => {
  let upstream: DemoUpstream;
  let stack: ProxyStack;
  let agent: Agent;

  beforeAll(async () => {
    upstream = await startDemoUpstream({ jsonResponse });
    stack = await startProxyStack({ upstreamUrl: upstream.url, policy: limitPolicy(3), server: { headersTimeoutMs: 1000 } });
    agent = await connectAgent(stack.url, stack.org.identities[0]!.token);
  });

  afterAll(async () => {
    await agent?.close().catch(() => {});
    await stack?.close();
    await upstream?.close();
  });

  it("gives back the quota of calls that failed upstream, and only those", async () => {
    await startOfFreshHour();
    expect((await callTool(agent, "flux_edit_image", EDIT_ARGS)).isError).toBeFalsy();
    expect((await callTool(agent, "flux_edit_image", EDIT_ARGS)).isError).toBeFalsy();

    upstream.fail({ mode: "http_500" });
    await expect(callTool(agent, "flux_edit_image", EDIT_ARGS)).rejects.toThrow();
    upstream.fail({ mode: "jsonrpc_error" });
    await expect(callTool(agent, "flux_edit_image", EDIT_ARGS)).rejects.toThrow(/Injected failure/);
    upstream.fail({ mode: "is_error" });
    const toolError = await callTool(agent, "flux_edit_image", EDIT_ARGS);
    expect(toolError.isError).toBe(true);
    expect(textOf(toolError)).toMatch(/Injected failure/);
    expect(decisionMeta(toolError)).toBeUndefined();
    upstream.fail({ mode: "close" });
    await expect(callTool(agent, "flux_edit_image", EDIT_ARGS)).rejects.toThrow();
    upstream.fail({ mode: "hang" });
    await expect(callTool(agent, "flux_edit_image", EDIT_ARGS)).rejects.toThrow();

    // Five failures reached the upstream, yet the third slot is still free.
    expect(upstream.stats().calls.flux_edit_image).toBe(7);
    expect((await callTool(agent, "flux_edit_image", EDIT_ARGS)).isError).toBeFalsy();
    expect(decisionMeta(await callTool(agent, "flux_edit_image", EDIT_ARGS))?.outcome).toBe("rate_limited");
    expect(upstream.stats().calls.flux_edit_image).toBe(8);
  }, 90_000);
});

describe("limits across two proxy processes sharing Redis", () => {
  let upstream: DemoUpstream;
  let stack: ProxyStack;
  let proxy: ProxyHandle;
  let child: ChildProxy;
  let org: TestOrg;
  const agents: Agent[] = [];

  beforeAll(async () => {
    upstream = await startDemoUpstream();
    stack = await startProxyStack({ upstreamUrl: upstream.url, policy: limitPolicy(10) });
    ({ proxy, org } = stack);
    child = await spawnProxy({
      GATEHOUSE_CONTROL_PLANE_URL: stack.cp.url,
      GATEHOUSE_PROXY_SECRET: stack.cp.secret,
      GATEHOUSE_ENCRYPTION_KEY: stack.key.toString("hex"),
      REDIS_URL,
      GATEHOUSE_PROXY_STATE_DIR: await tempDir("child"),
      GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: "1",
      // Same private stream as the in-process proxy: a worker running on this machine must not eat it.
      GATEHOUSE_DECISION_STREAM: proxy.config.decisionStreamKey,
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.close().catch(() => {})));
    await child?.stop();
    await stack?.close();
    await upstream?.close();
  });

  it("admits exactly max of N concurrent calls split over both replicas", async () => {
    await startOfFreshHour();
    const token = org.identities[0]!.token;
    const a = await connectAgent(`${proxy.url}${org.mcpPath}`, token);
    const b = await connectAgent(`${child.url}${org.mcpPath}`, token);
    agents.push(a, b);
    const calls = [...Array(20)].flatMap(() => [callTool(a, "flux_edit_image", EDIT_ARGS), callTool(b, "flux_edit_image", EDIT_ARGS)]);
    const results = await Promise.all(calls);
    const allowed = results.filter((r) => !r.isError);
    const limited = results.filter((r) => decisionMeta(r)?.outcome === "rate_limited");
    expect(allowed).toHaveLength(10);
    expect(limited).toHaveLength(30);
    expect(upstream.stats().calls.flux_edit_image).toBe(10);
  }, 90_000);
});
