// Issue 16 through the real proxy: PolicyLayer's per-tool shorthand pasted verbatim, with
// `rate_limit {max: 10, window: 60}` "tracked per agent session". Two MCP SDK clients of one
// identity each get their own 10 per minute; calls without an MCP session share the grant's 10;
// `action: deny` + `reason` reaches the agent after "[POLICY DENIED]" and the decision log.
import { rateLimitKey } from "@gatehouse/jobs";
import { type DemoUpstream, type DemoUpstreamOptions, startDemoUpstream } from "@gatehouse/demo-upstream";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionBucketId } from "../src/evaluate-call.ts";
import type { ProxyHandle } from "../src/proxy.ts";
import {
  type Agent,
  callTool,
  connectAgent,
  decisionMeta,
  EDIT_ARGS,
  readDecisionEvents,
  startOfFreshMinute,
  streamCursor,
  textOf,
  waitFor,
} from "./helpers/harness.ts";
import type { TestOrg } from "./helpers/org.ts";
import { type ProxyStack, startProxyStack } from "./helpers/proxy-stack.ts";
import { bearer, messagesOf, post, rpc } from "./helpers/raw.ts";

const REASON = "Deleting images is reserved for humans; ask the design team.";
// As a user would paste it from PolicyLayer's flux_edit_image page.
const POLICY_TEXT = `{"version":"1","default":"deny","tools":{"flux_edit_image":{"rate_limit":{"max":10,"window":60}},"flux_delete_image":{"action":"deny","reason":${JSON.stringify(REASON)}}}}`;
const RULE = "/tools/flux_edit_image/rate_limit";
const COUNTER = "flux_edit_image.rate_limit";
const PREFIX = "gatehouse:";
const windowStart = (now: number) => Math.floor(now / 60_000) * 60_000;

async function expectRateLimited(result: Awaited<ReturnType<typeof callTool>>, scope: "session" | "grant"): Promise<void> {
  const meta = decisionMeta(result);
  expect(result.isError).toBe(true);
  expect(meta).toMatchObject({ outcome: "rate_limited", rule: RULE });
  expect(meta?.retry_after_s).toBeGreaterThanOrEqual(1);
  expect(meta?.retry_after_s).toBeLessThanOrEqual(60);
  expect(textOf(result)).toMatch(new RegExp(`^\\[RATE LIMITED\\] .*the limit of 10 per 60s \\(${scope} scope\\)`));
}

type Scenario = { upstream: DemoUpstream; proxy: ProxyHandle; redis: Redis; org: TestOrg; url: string; token: string; agents: Agent[] };

/** An org under POLICY_TEXT behind a demo upstream, a proxy, and two SDK clients of its one identity. */
function scenario(upstreamOptions: DemoUpstreamOptions): Scenario {
  const s = { agents: [] as Agent[] } as Scenario;
  let stack: ProxyStack | undefined;
  beforeAll(async () => {
    s.upstream = await startDemoUpstream(upstreamOptions);
    stack = await startProxyStack({ upstreamUrl: s.upstream.url, policy: JSON.parse(POLICY_TEXT) });
    ({ proxy: s.proxy, redis: s.redis, org: s.org, url: s.url } = stack);
    s.token = s.org.identities[0]?.token as string;
    s.agents.push(await connectAgent(s.url, s.token), await connectAgent(s.url, s.token));
  });
  afterAll(async () => {
    await Promise.all(s.agents.map((a) => a.close().catch(() => {})));
    await stack?.close();
    await s.upstream?.close();
  });
  return s;
}

const bucketKey = (org: TestOrg, scope: string, now: number) => rateLimitKey(PREFIX, org.orgId, `${org.orgId}:${scope}:${COUNTER}`, windowStart(now));

describe("rate_limit per MCP session (stateful upstream: two SDK sessions, one identity)", () => {
  const s = scenario({});

  it("gives each session its own 10 per minute and refuses each 11th with rate_limited and retry_after_s", async () => {
    const [a, b] = s.agents as [Agent, Agent];
    const [sa, sb] = [a.transport.sessionId, b.transport.sessionId];
    expect(sa).toBeTruthy();
    expect(sb).toBeTruthy();
    expect(sa).not.toBe(sb);
    await startOfFreshMinute();
    const now = Date.now();
    for (let i = 0; i < 10; i++) expect((await callTool(a, "flux_edit_image", EDIT_ARGS)).isError, `session A call ${i + 1}`).toBeFalsy();
    await expectRateLimited(await callTool(a, "flux_edit_image", EDIT_ARGS), "session");
    // A looping session spent its budget; the other session of the same identity has all of its own.
    for (let i = 0; i < 10; i++) expect((await callTool(b, "flux_edit_image", EDIT_ARGS)).isError, `session B call ${i + 1}`).toBeFalsy();
    await expectRateLimited(await callTool(b, "flux_edit_image", EDIT_ARGS), "session");
    await expectRateLimited(await callTool(a, "flux_edit_image", EDIT_ARGS), "session");
    expect(s.upstream.stats().calls.flux_edit_image).toBe(20);

    // One bucket per session, keyed on a digest of its Mcp-Session-Id, expiring with its window.
    for (const sid of [sa, sb]) {
      const bucket = bucketKey(s.org, `session:${sessionBucketId(sid)}`, now);
      expect(bucket).not.toContain(sid as string);
      expect(Number(await s.redis.get(bucket))).toBe(10);
      const ttl = await s.redis.pttl(bucket);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(120_000);
    }
    expect(await s.redis.exists(bucketKey(s.org, `grant:${s.org.identities[0]?.grantId}`, now))).toBe(0);
  }, 60_000);

  it("refuses action: deny with the reason after [POLICY DENIED], and logs the reason", async () => {
    const since = streamCursor();
    const result = await callTool(s.agents[0] as Agent, "flux_delete_image", { image_id: "img_1" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(`[POLICY DENIED] ${REASON}`);
    expect(decisionMeta(result)).toMatchObject({ outcome: "denied", rule: "/tools/flux_delete_image/action", retry_after_s: null });
    expect(s.upstream.stats().calls.flux_delete_image ?? 0).toBe(0);
    const event = await waitFor(async () => (await readDecisionEvents(s.redis, s.proxy, s.org.orgId, since)).find((e) => e.toolName === "flux_delete_image"), 5000, "the deny event");
    expect(event).toMatchObject({ outcome: "denied", rule: "/tools/flux_delete_image/action", message: REASON });
  });

  it("a sessionless tools/call to a stateful upstream is refused by the upstream, and its grant-bucket reservation given back", async () => {
    await startOfFreshMinute(5000);
    const bucket = bucketKey(s.org, `grant:${s.org.identities[0]?.grantId}`, Date.now());
    const reply = await post(s.url, JSON.stringify(rpc(1, "tools/call", { name: "flux_edit_image", arguments: EDIT_ARGS })), { ...bearer(s.token), "mcp-protocol-version": "2025-06-18" });
    expect(reply.status).toBe(400);
    expect(reply.text).toMatch(/Mcp-Session-Id header is required/);
    // The key exists only because the call was counted in the grant's bucket; "0" once given back.
    await waitFor(async () => ((await s.redis.get(bucket)) === "0" ? true : undefined), 2000, "the release");
  });
});

describe("rate_limit without an MCP session (stateless upstream): the grant's bucket", () => {
  // The SDK's stateless server issues no Mcp-Session-Id, so no request carries one.
  const s = scenario({ stateless: true });

  it("two SDK clients and a raw POST without Mcp-Session-Id share one 10 per minute", async () => {
    const [c1, c2] = s.agents as [Agent, Agent];
    expect(c1.transport.sessionId).toBeUndefined();
    expect(c2.transport.sessionId).toBeUndefined();
    const raw = async (id: number) => {
      const reply = await post(s.url, JSON.stringify(rpc(id, "tools/call", { name: "flux_edit_image", arguments: EDIT_ARGS })), { ...bearer(s.token), "mcp-protocol-version": "2025-06-18" });
      expect(reply.status).toBe(200);
      return messagesOf(reply)[0]?.result as Awaited<ReturnType<typeof callTool>>;
    };
    await startOfFreshMinute();
    const now = Date.now();
    for (let i = 0; i < 4; i++) expect((await callTool(c1, "flux_edit_image", EDIT_ARGS)).isError).toBeFalsy();
    for (let i = 0; i < 3; i++) expect((await raw(i + 1)).isError).toBeFalsy();
    for (let i = 0; i < 3; i++) expect((await callTool(c2, "flux_edit_image", EDIT_ARGS)).isError).toBeFalsy();
    // Ten between them: every one of them is now refused.
    await expectRateLimited(await callTool(c2, "flux_edit_image", EDIT_ARGS), "grant");
    await expectRateLimited(await raw(99), "grant");
    await expectRateLimited(await callTool(c1, "flux_edit_image", EDIT_ARGS), "grant");
    expect(s.upstream.stats().calls.flux_edit_image).toBe(10);
    const bucket = bucketKey(s.org, `grant:${s.org.identities[0]?.grantId}`, now);
    expect(Number(await s.redis.get(bucket))).toBe(10);
    expect(await s.redis.pttl(bucket)).toBeGreaterThan(0);
  }, 60_000);
});
