// Bundle distribution as the agent experiences it: a publish changes the very next call on an
// open session; a control-plane outage changes nothing, even across a proxy restart; a proxy
// with nothing to enforce refuses everything.
import { type DemoUpstream, startDemoUpstream } from "@gatehouse/demo-upstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProxyHandle } from "../src/proxy.ts";
import { startTestControlPlane, type TestControlPlane } from "./helpers/control-plane.ts";
import { type Agent, callTool, connectAgent, decisionMeta, newKey, REDIS_URL, startTestProxy, tempDir, textOf, waitFor } from "./helpers/harness.ts";
import { TestOrg } from "./helpers/org.ts";
import { type ProxyStack, startProxyStack } from "./helpers/proxy-stack.ts";
import { bearer, post, rpc } from "./helpers/raw.ts";

const GENERATE = { prompt: "a lighthouse", model: "flux-pro-1.1", width: 1024, height: 768 };
const basePolicy = { version: "1", default: "deny", tools: { flux_list_tasks: {} } };

async function heldRevision(opsUrl: string, orgId: string): Promise<number | undefined> {
  const status = (await (await fetch(`${opsUrl}/status`)).json()) as { orgs: Array<{ orgId: string; revision: number }> };
  return status.orgs.find((o) => o.orgId === orgId)?.revision;
}

describe("publishing a new bundle", () => {
  let upstream: DemoUpstream;
  let stack: ProxyStack;
  let cp: TestControlPlane;
  let proxy: ProxyHandle;
  let org: TestOrg;
  let agent: Agent;

  beforeAll(async () => {
    upstream = await startDemoUpstream();
    // A long poll interval: only the Redis announcement can explain a fast change.
    stack = await startProxyStack({ upstreamUrl: upstream.url, policy: basePolicy, proxy: { pollIntervalMs: 600_000 } });
    ({ cp, proxy, org } = stack);
    agent = await connectAgent(`${proxy.url}${org.mcpPath}`, org.identities[0]!.token);
  });

  afterAll(async () => {
    await agent?.close().catch(() => {});
    await stack?.close();
    await upstream?.close();
  });

  it("changes the decision of the next call on the same open MCP session", async () => {
    const sessionId = agent.transport.sessionId;
    expect(sessionId).toBeTruthy();
    expect(decisionMeta(await callTool(agent, "flux_generate_image", GENERATE))?.rule).toBe("(default deny)");

    org.setPolicyDocument({ ...basePolicy, tools: { ...basePolicy.tools, flux_generate_image: {} } });
    const v2 = org.bundle();
    await cp.publish(v2);
    await waitFor(async () => ((await heldRevision(proxy.opsUrl, org.orgId)) === v2.revision ? true : undefined), 2000, "revision 2 on the proxy");
    const allowed = await callTool(agent, "flux_generate_image", GENERATE);
    expect(allowed.isError, textOf(allowed)).toBeFalsy();
    expect(upstream.stats().calls.flux_generate_image).toBe(1);

    org.setPolicyDocument({
      ...basePolicy,
      tools: {
        ...basePolicy.tools,
        flux_generate_image: { deny_if: [{ conditions: [{ path: "args.prompt", op: "contains", value: "forbidden" }], on_deny: "no forbidden prompts" }] },
      },
    });
    const v3 = org.bundle();
    await cp.publish(v3);
    await waitFor(async () => ((await heldRevision(proxy.opsUrl, org.orgId)) === v3.revision ? true : undefined), 2000, "revision 3 on the proxy");
    const denied = await callTool(agent, "flux_generate_image", { ...GENERATE, prompt: "something forbidden" });
    expect(textOf(denied)).toBe("[POLICY DENIED] no forbidden prompts");
    expect(decisionMeta(denied)?.rule).toBe("/tools/flux_generate_image/deny_if/args.prompt-contains");
    expect(upstream.stats().calls.flux_generate_image).toBe(1);
    expect(agent.transport.sessionId).toBe(sessionId);
  });

  it("stops a revoked token on its next request", async () => {
    const extra = org.addIdentity("soon-revoked", true);
    await cp.publish(org.bundle());
    await proxy.bundles.refresh(org.orgId);
    const url = `${proxy.url}${org.mcpPath}`;
    expect((await post(url, JSON.stringify(rpc(1, "ping")), bearer(extra.token))).status).not.toBe(401);
    org.draft.tokens = org.draft.tokens.filter((t) => t.identityId !== extra.id);
    const revoked = org.bundle();
    await cp.publish(revoked);
    await waitFor(async () => ((await heldRevision(proxy.opsUrl, org.orgId)) === revoked.revision ? true : undefined), 2000, "revocation on the proxy");
    expect((await post(url, JSON.stringify(rpc(2, "ping")), bearer(extra.token))).status).toBe(401);
  });

  it("refetches conditionally: an unchanged bundle is answered 304", async () => {
    const before = cp.hits.notModified;
    await proxy.bundles.refresh(org.orgId);
    expect(cp.hits.notModified).toBe(before + 1);
  });
});

describe("control plane outage", () => {
  const key = newKey();
  let upstream: DemoUpstream;
  let cp: TestControlPlane;
  let org: TestOrg;
  let stateDir: string;
  const proxies: ProxyHandle[] = [];

  beforeAll(async () => {
    upstream = await startDemoUpstream();
    cp = await startTestControlPlane(REDIS_URL);
    org = new TestOrg({ key, upstreamUrl: upstream.url, policy: basePolicy });
    cp.put(org.bundle());
    stateDir = await tempDir("outage");
  });

  afterAll(async () => {
    await Promise.all(proxies.map((p) => p.close()));
    await cp?.close();
    await upstream?.close();
  });

  async function expectEnforcing(proxy: ProxyHandle): Promise<void> {
    const agent = await connectAgent(`${proxy.url}${org.mcpPath}`, org.identities[0]!.token);
    try {
      const before = upstream.stats().calls.flux_list_tasks ?? 0;
      expect((await callTool(agent, "flux_list_tasks", { limit: 5 })).isError).toBeFalsy();
      expect(upstream.stats().calls.flux_list_tasks).toBe(before + 1);
      expect(decisionMeta(await callTool(agent, "flux_delete_image", { image_id: "img_1" }))?.rule).toBe("(default deny)");
      expect(upstream.stats().calls.flux_delete_image).toBeUndefined();
    } finally {
      await agent.close();
    }
  }

  it("keeps enforcing the last good bundle while the control plane is down, and after a restart from disk", async () => {
    const first = await startTestProxy({ controlPlaneUrl: cp.url, secret: cp.secret, key, stateDir });
    proxies.push(first);
    await expectEnforcing(first);

    await cp.stop();
    await first.bundles.syncIndex(); // a poll during the outage: fails, keeps the bundle
    await expectEnforcing(first);
    await first.close();

    const restarted = await startTestProxy({ controlPlaneUrl: cp.url, secret: cp.secret, key, stateDir });
    proxies.push(restarted);
    expect((await fetch(`${restarted.url}/readyz`)).status).toBe(200);
    expect(await heldRevision(restarted.opsUrl, org.orgId)).toBe(org.bundle().revision);
    await expectEnforcing(restarted);
    const unknown = await post(`${restarted.url}${org.mcpPath}`, JSON.stringify(rpc(1, "ping")), bearer("gth_not-a-real-token"));
    expect(unknown.status).toBe(401);
  });

  it("fails closed with 503 when it has never held a bundle and the control plane is down", async () => {
    await cp.stop();
    const fresh = await startTestProxy({ controlPlaneUrl: cp.url, secret: cp.secret, key, stateDir: await tempDir("empty") });
    proxies.push(fresh);
    const reply = await post(`${fresh.url}${org.mcpPath}`, JSON.stringify(rpc(1, "ping")), bearer(org.identities[0]!.token));
    expect(reply.status).toBe(503);
  });
});
