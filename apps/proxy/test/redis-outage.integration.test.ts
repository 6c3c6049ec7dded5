// Redis down: rate-limited tools fail closed with a clear message, tools without limits keep
// working, decision events wait in memory and reach the stream when Redis is back.
import { type DemoUpstream, startDemoUpstream } from "@gatehouse/demo-upstream";
import { decodeDecisionEntry } from "@gatehouse/jobs";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProxyHandle } from "../src/proxy.ts";
import { type Agent, callTool, connectAgent, decisionMeta, EDIT_ARGS, textOf, waitFor } from "./helpers/harness.ts";
import type { TestOrg } from "./helpers/org.ts";
import { type ProxyStack, startProxyStack } from "./helpers/proxy-stack.ts";
import { type PrivateRedis, startPrivateRedis } from "./helpers/redis-server.ts";

describe("Redis outage", () => {
  let upstream: DemoUpstream;
  let redis: PrivateRedis;
  let stack: ProxyStack;
  let proxy: ProxyHandle;
  let agent: Agent;
  let org: TestOrg;

  beforeAll(async () => {
    upstream = await startDemoUpstream();
    redis = await startPrivateRedis();
    stack = await startProxyStack({
      upstreamUrl: upstream.url,
      policy: {
        version: "1",
        default: "deny",
        tools: { flux_edit_image: { limits: [{ counter: "edits", window: "day", max: 1000, scope: "org" }] }, flux_list_tasks: {} },
      },
      // The proxy's limits and decision stream live in a Redis of the test's own, to be stopped.
      proxy: { redisUrl: redis.url },
    });
    ({ proxy, org } = stack);
    agent = await connectAgent(`${proxy.url}${org.mcpPath}`, org.identities[0]!.token);
  });

  afterAll(async () => {
    await agent?.close().catch(() => {});
    await stack?.close();
    await redis?.stop();
    await upstream?.close();
  });

  it("refuses limited tools (fail closed), keeps unlimited ones working, and catches up when Redis returns", async () => {
    expect((await callTool(agent, "flux_edit_image", EDIT_ARGS)).isError).toBeFalsy();
    expect((await callTool(agent, "flux_list_tasks", {})).isError).toBeFalsy();

    await redis.stop();
    const refused = await waitFor(async () => {
      const r = await callTool(agent, "flux_edit_image", EDIT_ARGS);
      return r.isError ? r : undefined;
    }, 3000, "the limited call to be refused");
    expect(textOf(refused)).toMatch(/^\[POLICY DENIED\] .*rate-limit store is unreachable.*fail closed/);
    expect(decisionMeta(refused)).toMatchObject({ outcome: "denied", rule: "/tools/flux_edit_image/limits/edits" });
    const editsBefore = upstream.stats().calls.flux_edit_image;
    expect(decisionMeta(await callTool(agent, "flux_edit_image", EDIT_ARGS))?.outcome).toBe("denied");
    expect(upstream.stats().calls.flux_edit_image).toBe(editsBefore);

    const listed = await callTool(agent, "flux_list_tasks", {});
    expect(listed.isError, textOf(listed)).toBeFalsy();
    const metrics = await (await fetch(`${proxy.opsUrl}/metrics`)).text();
    expect(metrics).toMatch(/gatehouse_proxy_redis_errors_total\{op="reserve"\} [1-9]/);
    expect(proxy.emitter.pending).toBeGreaterThan(0);

    await redis.start();
    const back = await waitFor(async () => {
      const r = await callTool(agent, "flux_edit_image", EDIT_ARGS);
      return r.isError ? undefined : r;
    }, 10_000, "limited calls to work again");
    expect(back.isError).toBeFalsy();
    // Events decided during the outage were held and written once Redis came back.
    const reader = new Redis(redis.url);
    try {
      const entries = await waitFor(async () => {
        const all = await reader.xrange(proxy.config.decisionStreamKey, "-", "+");
        const events = all.flatMap(([, fields]) => {
          const decoded = decodeDecisionEntry(fields);
          return (typeof decoded === "string" ? [] : decoded) as { outcome: string; toolName: string | null; orgId: string }[];
        });
        const refusedEvents = events.filter((e) => e.orgId === org.orgId && e.outcome === "denied" && e.toolName === "flux_edit_image");
        return refusedEvents.length >= 2 ? events : undefined;
      }, 5000, "outage events in the stream");
      expect(entries.some((e) => e.toolName === "flux_list_tasks" && e.outcome === "allowed")).toBe(true);
    } finally {
      reader.disconnect();
    }
  }, 60_000);
});
