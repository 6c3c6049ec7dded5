// The product's promise end to end, with every part real: policies written through the
// control-plane verbs reach the proxy through the real internal API and a Redis announcement,
// the proxy enforces them on an MCP SDK client's calls, and the worker lands every decision in
// Postgres — also after a Postgres outage.
import { argumentsHash } from "@gatehouse/policy";
import { createGrant, createIdentity, createPolicy, createServer, mintToken, publishPolicyVersion } from "@gatehouse/services";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type System, UPSTREAM_HEADER, awayFromMinuteBoundary, decisionOf, startSystem, textOf, waitFor } from "./system-harness.ts";

const FLUX_POLICY = {
  version: "1",
  default: "deny",
  tools: { flux_edit_image: { limits: [{ counter: "flux_edit_image_rate", window: "minute", max: 30, scope: "grant" }] } },
};
const EDIT_ARGS = { prompt: "make it blue", image_url: "https://example.com/cat.png", model: "flux-kontext-pro" };

let sys: System;
let serverId: string;
let policyId: string;
const agents: { name: string; identityId: string; grantId: string; token: string; client: Client }[] = [];
let stopWorker: () => Promise<void>;

beforeAll(async () => {
  sys = await startSystem();
  const server = await createServer(sys.ctx, {
    name: "flux",
    upstreamUrl: sys.upstream.url,
    upstreamAuth: { headers: { [UPSTREAM_HEADER.name]: UPSTREAM_HEADER.value } },
  });
  serverId = server.id;
  policyId = (await createPolicy(sys.ctx, { serverId, name: "flux-default", document: FLUX_POLICY, publish: true })).policy.id;
  for (const name of ["agent-a", "agent-b"]) {
    const identity = await createIdentity(sys.ctx, { name });
    const grant = await createGrant(sys.ctx, { identityId: identity.id, serverId, policyId });
    const { plaintext } = await mintToken(sys.ctx, { identityId: identity.id });
    const bundle = await sys.db.orgBundle.findUniqueOrThrow({ where: { orgId: sys.org.id } });
    await sys.waitForRevision(bundle.revision);
    agents.push({ name, identityId: identity.id, grantId: grant.id, token: plaintext, client: await sys.connectAgent(plaintext, serverId) });
  }
  stopWorker = sys.startWorker();
}, 60_000);

afterAll(async () => {
  await Promise.all(agents.map((a) => a.client.close().catch(() => {})));
  await stopWorker?.();
  await sys?.close();
});

const rowsOf = (where: object = {}) => sys.db.decisionLog.findMany({ where: { orgId: sys.org.id, ...where }, orderBy: { createdAt: "asc" } });

describe("the seed's scenario: PolicyLayer's flux example on a grant", () => {
  it("lets 30 edits through per grant, refuses the 31st as rate_limited, and denies unlisted tools", async () => {
    await awayFromMinuteBoundary();
    const [a, b] = agents as [(typeof agents)[number], (typeof agents)[number]];
    for (let i = 0; i < 30; i++) {
      const result = await a.client.callTool({ name: "flux_edit_image", arguments: { ...EDIT_ARGS, prompt: `edit ${i}` } });
      expect(result.isError, textOf(result)).toBeFalsy();
    }
    expect(sys.upstream.stats().calls.flux_edit_image).toBe(30);

    const limited = await a.client.callTool({ name: "flux_edit_image", arguments: EDIT_ARGS });
    expect(limited.isError).toBe(true);
    expect(textOf(limited)).toMatch(/^\[RATE LIMITED\] /);
    expect(decisionOf(limited)).toMatchObject({ outcome: "rate_limited", rule: "/tools/flux_edit_image/limits/flux_edit_image_rate" });
    expect(decisionOf(limited)?.retry_after_s).toBeGreaterThan(0);
    expect(sys.upstream.stats().calls.flux_edit_image).toBe(30);

    // The second identity's grant has a budget of its own.
    for (let i = 0; i < 30; i++) {
      const result = await b.client.callTool({ name: "flux_edit_image", arguments: { ...EDIT_ARGS, prompt: `b ${i}` } });
      expect(result.isError, textOf(result)).toBeFalsy();
    }
    expect(sys.upstream.stats().calls.flux_edit_image).toBe(60);

    const deleted = await a.client.callTool({ name: "flux_delete_image", arguments: { image_id: "img_1" } });
    expect(textOf(deleted)).toMatch(/^\[POLICY DENIED\] /);
    expect(decisionOf(deleted)).toMatchObject({ outcome: "denied", rule: "(default deny)" });
    expect(sys.upstream.stats().calls.flux_delete_image ?? 0).toBe(0);

    // The upstream got the injected credential, never the agent's token.
    const arrived = sys.upstream.stats().requests.filter((r) => r.tool === "flux_edit_image");
    expect(arrived.every((r) => r.headers[UPSTREAM_HEADER.name.toLowerCase()] === UPSTREAM_HEADER.value)).toBe(true);
    expect(arrived.some((r) => r.headers.authorization !== undefined)).toBe(false);
    // Up to 20 s may go to waiting out a minute boundary.
  }, 60_000);

  it("logs every decision in Postgres with keys and a hash, never argument values", async () => {
    const [a] = agents as [(typeof agents)[number]];
    const rows = await waitFor(() => rowsOf({ toolName: { in: ["flux_edit_image", "flux_delete_image"] } }), (r) => r.length >= 62);
    const count = (outcome: string, identityId?: string) => rows.filter((r) => r.outcome === outcome && (!identityId || r.identityId === identityId)).length;
    expect(count("allowed", a.identityId)).toBe(30);
    expect(count("allowed")).toBe(60);
    expect(count("rate_limited")).toBe(1);
    expect(rows.find((r) => r.outcome === "denied")).toMatchObject({ toolName: "flux_delete_image", rule: "(default deny)", identityId: a.identityId });

    const limited = rows.find((r) => r.outcome === "rate_limited");
    expect(limited).toMatchObject({
      method: "tools/call",
      serverId,
      identityId: a.identityId,
      grantId: a.grantId,
      tokenPrefix: a.token.slice(0, 12),
      policyId,
      rule: "/tools/flux_edit_image/limits/flux_edit_image_rate",
      argKeys: ["image_url", "model", "prompt"],
      argsHash: argumentsHash(EDIT_ARGS),
    });
    expect(limited?.bundleRevision).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain("make it blue");
  });
});

describe("policy distribution", () => {
  it("a newly published version decides the next call on the same open session", async () => {
    const [a] = agents as [(typeof agents)[number]];
    const before = await a.client.callTool({ name: "flux_generate_image", arguments: { prompt: "a lighthouse" } });
    expect(decisionOf(before)).toMatchObject({ outcome: "denied", rule: "(default deny)" });

    await publishPolicyVersion(sys.ctx, {
      policyId,
      document: { ...FLUX_POLICY, tools: { ...FLUX_POLICY.tools, flux_generate_image: {} } },
    });
    const bundle = await sys.db.orgBundle.findUniqueOrThrow({ where: { orgId: sys.org.id } });
    await sys.waitForRevision(bundle.revision);

    const after = await a.client.callTool({ name: "flux_generate_image", arguments: { prompt: "a lighthouse" } });
    expect(after.isError, textOf(after)).toBeFalsy();
    expect(sys.upstream.stats().calls.flux_generate_image).toBe(1);
  });
});

describe("a Postgres outage", () => {
  it("never stops calls, and every decision arrives once Postgres is back", async () => {
    const [, b] = agents as [(typeof agents)[number], (typeof agents)[number]];
    await stopWorker();
    // The worker now talks to a Postgres that is not there.
    const stopBrokenWorker = sys.startWorker("postgresql://postgres@127.0.0.1:1/gatehouse_down");
    const before = (await rowsOf({ toolName: "flux_list_tasks" })).length;
    for (let i = 0; i < 5; i++) {
      const result = await b.client.callTool({ name: "flux_list_tasks", arguments: {} });
      expect(decisionOf(result)).toMatchObject({ outcome: "denied" });
    }
    await new Promise((r) => setTimeout(r, 500));
    expect((await rowsOf({ toolName: "flux_list_tasks" })).length).toBe(before);
    await stopBrokenWorker();

    stopWorker = sys.startWorker();
    const rows = await waitFor(() => rowsOf({ toolName: "flux_list_tasks" }), (r) => r.length >= before + 5);
    expect(rows.length).toBe(before + 5);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });
});
