// The seed's scenario end to end: PolicyLayer's flux policy on two grants, SDK clients through
// the proxy URL, the real demo upstream, real Redis limits and the real decision stream.
import { argumentsHash } from "@gatehouse/policy";
import { type DemoUpstream, startDemoUpstream } from "@gatehouse/demo-upstream";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProxyHandle } from "../src/proxy.ts";
import {
  type Agent,
  callTool,
  connectAgent,
  decisionMeta,
  EDIT_ARGS,
  FLUX_POLICY,
  readDecisionEvents,
  startOfFreshMinute,
  streamCursor,
  textOf,
  waitFor,
} from "./helpers/harness.ts";
import type { TestOrg } from "./helpers/org.ts";
import { type ProxyStack, startProxyStack } from "./helpers/proxy-stack.ts";

describe("flux scenario through the proxy", () => {
  let upstream: DemoUpstream;
  let stack: ProxyStack;
  let proxy: ProxyHandle;
  let redis: Redis;
  let org: TestOrg;
  const agents: Agent[] = [];
  let since: string;

  beforeAll(async () => {
    upstream = await startDemoUpstream({ requiredHeader: { name: "X-Demo-Key", value: "demo-secret" } });
    stack = await startProxyStack({ upstreamUrl: upstream.url, upstreamHeaders: { "X-Demo-Key": "demo-secret" }, policy: FLUX_POLICY, identities: 2 });
    ({ proxy, redis, org } = stack);
    since = streamCursor();
  });

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.close().catch(() => {})));
    await stack?.close();
    await upstream?.close();
  });

  it("lets 30 flux_edit_image calls through per grant, refuses the 31st as rate_limited, and denies flux_delete_image by default", async () => {
    await startOfFreshMinute(30_000);
    const url = `${proxy.url}${org.mcpPath}`;
    const [first, second] = org.identities;
    const a = await connectAgent(url, first!.token);
    const b = await connectAgent(url, second!.token);
    agents.push(a, b);

    for (let i = 0; i < 30; i++) {
      const result = await callTool(a, "flux_edit_image", EDIT_ARGS);
      expect(result.isError, textOf(result)).toBeFalsy();
    }
    expect(upstream.stats().calls.flux_edit_image).toBe(30);

    const limited = await callTool(a, "flux_edit_image", EDIT_ARGS);
    expect(limited.isError).toBe(true);
    expect(textOf(limited)).toMatch(/^\[RATE LIMITED\] /);
    const meta = decisionMeta(limited);
    expect(meta).toMatchObject({ outcome: "rate_limited", rule: "/tools/flux_edit_image/limits/flux_edit_image_rate", approval_id: null });
    expect(meta?.retry_after_s).toBeGreaterThanOrEqual(1);
    expect(meta?.retry_after_s).toBeLessThanOrEqual(60);
    expect(meta?.decision_id).toMatch(/^dec_/);
    expect(upstream.stats().calls.flux_edit_image).toBe(30);

    // The second identity's grant is its own bucket.
    for (let i = 0; i < 30; i++) expect((await callTool(b, "flux_edit_image", EDIT_ARGS)).isError).toBeFalsy();
    expect(decisionMeta(await callTool(b, "flux_edit_image", EDIT_ARGS))?.outcome).toBe("rate_limited");
    expect(upstream.stats().calls.flux_edit_image).toBe(60);

    const deleted = await callTool(a, "flux_delete_image", { image_id: "img_1" });
    expect(deleted.isError).toBe(true);
    expect(textOf(deleted)).toMatch(/^\[POLICY DENIED\] .*\(default deny\)/);
    expect(decisionMeta(deleted)).toMatchObject({ outcome: "denied", rule: "(default deny)", retry_after_s: null });
    expect(upstream.stats().calls.flux_delete_image).toBeUndefined();

    // The upstream saw its own credential on every call and never the agent's token.
    const requests = upstream.stats().requests;
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) {
      expect(r.rejected).toBeUndefined();
      expect(r.headers.authorization).toBeUndefined();
    }

    // Decision events: one per message, matching what the agents saw.
    const calls = await waitFor(async () => {
      const events = (await readDecisionEvents(redis, proxy, org.orgId, since)).filter((e) => e.method === "tools/call");
      return events.length >= 63 ? events : undefined;
    }, 5000, "63 tools/call decision events");
    expect(calls).toHaveLength(63);
    const byIdentity = (id: string, outcome: string) => calls.filter((e) => e.identityId === id && e.outcome === outcome && e.toolName === "flux_edit_image").length;
    expect(byIdentity(first!.id, "allowed")).toBe(30);
    expect(byIdentity(first!.id, "rate_limited")).toBe(1);
    expect(byIdentity(second!.id, "allowed")).toBe(30);
    expect(byIdentity(second!.id, "rate_limited")).toBe(1);
    const limitedEvent = calls.find((e) => e.id === meta?.decision_id);
    expect(limitedEvent).toMatchObject({
      orgId: org.orgId,
      serverId: org.serverId,
      identityId: first!.id,
      grantId: first!.grantId,
      tokenPrefix: first!.tokenPrefix,
      toolName: "flux_edit_image",
      argKeys: ["image_url", "model", "prompt"],
      argsHash: argumentsHash(EDIT_ARGS),
      policyId: org.policyId,
      policyVersionId: org.bundle().policies[0]?.versionId,
      bundleRevision: org.bundle().revision,
      outcome: "rate_limited",
      rule: "/tools/flux_edit_image/limits/flux_edit_image_rate",
    });
    const deniedEvent = calls.find((e) => e.id === decisionMeta(deleted)?.decision_id);
    expect(deniedEvent).toMatchObject({ outcome: "denied", rule: "(default deny)", toolName: "flux_delete_image", argKeys: ["image_id"] });
    const allowed = calls.find((e) => e.outcome === "allowed");
    expect(allowed?.upstreamStatus).toBe(200);
    expect(allowed?.upstreamLatencyMs).toBeGreaterThan(0);
    // Argument values never leave the proxy.
    const raw = JSON.stringify(calls);
    expect(raw).not.toContain("add snow");
    expect(raw).not.toContain("img_1");
    expect(raw).not.toContain(first!.token);
  }, 90_000);
});
