// Human approval end to end (POLICY-LANGUAGE.md "Approvals"): an MCP SDK client's call held by
// the proxy, decided through the REST API, released or refused in the same request; pending →
// approved → the identical retry passes exactly once; expiry; two proxy processes sharing one
// approval; a proxy restart while a request is pending.
import { randomBytes } from "node:crypto";
import { createGrant, createIdentity, createPolicy, createServer, mintToken } from "@gatehouse/services";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChildProxy, spawnProxy } from "../../apps/proxy/test/helpers/child-proxy.ts";
import { type ApprovalSystem, startApprovalSystem } from "./approvals-harness.ts";

const POLICY = {
  version: "1",
  default: "allow",
  tools: {
    // Held long enough for a decision inside the hold.
    flux_generate_image: { approve_if: [{ id: "wide", conditions: [{ path: "args.width", op: "gt", value: 1024 }] }], approval: { hold: "15s", timeout: "10m" } },
    // A short hold: the agent gets approval_pending and retries after the decision.
    flux_edit_image: { approve_if: [{ id: "always", conditions: [] }], approval: { hold: "1s", timeout: "10m" } },
    // Expires almost at once.
    flux_cancel_task: { approve_if: [{ id: "always", conditions: [] }], approval: { hold: "1s", timeout: "2s" } },
  },
};

let sys: ApprovalSystem;
let serverId: string;
let token: string;
let approverKey: string;
let viewerKey: string;
let agent: Client;

type Meta = { outcome: string; rule: string; approval_id: string | null; retry_after_s: number | null };
const meta = (r: unknown) => ((r as CallToolResult)._meta as Record<string, Meta> | undefined)?.["gatehouse/decision"];
const text = (r: unknown) => {
  const first = (r as CallToolResult).content[0];
  return first?.type === "text" ? first.text : "";
};
const calls = (tool: string) => sys.upstream.stats().calls[tool] ?? 0;
const unique = () => randomBytes(4).toString("hex");
const editArgs = () => ({ prompt: `make it blue ${unique()}`, image_url: "https://example.com/cat.png", model: "flux-kontext-pro" });

beforeAll(async () => {
  sys = await startApprovalSystem();
  const server = await createServer(sys.ctx, { name: "flux", upstreamUrl: sys.upstream.url });
  serverId = server.id;
  const policy = await createPolicy(sys.ctx, { serverId, name: "approvals", document: POLICY, publish: true });
  const identity = await createIdentity(sys.ctx, { name: "agent-approvals" });
  await createGrant(sys.ctx, { identityId: identity.id, serverId, policyId: policy.policy.id });
  token = (await mintToken(sys.ctx, { identityId: identity.id })).plaintext;
  const bundle = await sys.db.orgBundle.findUniqueOrThrow({ where: { orgId: sys.org.id } });
  await sys.waitForRevision(sys.proxy, bundle.revision);
  approverKey = await sys.apiKey("approver");
  viewerKey = await sys.apiKey("viewer");
  agent = await sys.connectAgent(sys.proxy.url, token, serverId);
}, 60_000);

afterAll(async () => {
  await agent?.close().catch(() => {});
  await sys?.close();
});

describe("a call held for a human", () => {
  it("approved through the API during the hold: the upstream runs it once and the same request gets the result", async () => {
    const before = calls("flux_generate_image");
    const progress: number[] = [];
    const held = agent.callTool({ name: "flux_generate_image", arguments: { prompt: `wide ${unique()}`, width: 1440, height: 768 } }, undefined, {
      onprogress: (p) => progress.push(p.progress),
      timeout: 30_000,
    });
    const request = await sys.waitForApproval({ toolName: "flux_generate_image", status: "pending" });
    expect(request.rule).toBe("/tools/flux_generate_image/approve_if/wide");
    const shown = await sys.api.call("GET", `/approvals/${request.id}`, { key: approverKey });
    expect(shown.body).toMatchObject({ status: "pending", toolName: "flux_generate_image", canDecide: true, arguments: { width: 1440, height: 768 } });
    const decided = await sys.api.call("POST", `/approvals/${request.id}/approve`, { key: approverKey, body: { reason: "fine" } });
    expect(decided.status).toBe(200);
    const result = await held;
    expect(result.isError, text(result)).toBeFalsy();
    expect(calls("flux_generate_image")).toBe(before + 1);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    const again = await sys.api.call("POST", `/approvals/${request.id}/approve`, { key: approverKey });
    expect(again.status).toBe(409);
    await expect(sys.waitForApproval({ id: request.id, status: "consumed" })).resolves.toMatchObject({ consumedAt: expect.any(Date) });
  });

  it("denied during the hold: approval_denied with the approver's reason, and nothing reaches the upstream", async () => {
    const before = calls("flux_generate_image");
    const held = agent.callTool({ name: "flux_generate_image", arguments: { prompt: `wide ${unique()}`, width: 2048, height: 768 } }, undefined, { timeout: 30_000 });
    const request = await sys.waitForApproval({ toolName: "flux_generate_image", status: "pending" });
    const noReason = await sys.api.call("POST", `/approvals/${request.id}/deny`, { key: approverKey, body: {} });
    expect(noReason.status).toBe(400);
    const viewer = await sys.api.call("POST", `/approvals/${request.id}/deny`, { key: viewerKey, body: { reason: "no" } });
    expect(viewer.status).toBe(403);
    const denied = await sys.api.call("POST", `/approvals/${request.id}/deny`, { key: approverKey, body: { reason: "too expensive today" } });
    expect(denied.status).toBe(200);
    const result = await held;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/^\[APPROVAL DENIED\] .*too expensive today/);
    expect(meta(result)).toMatchObject({ outcome: "approval_denied", approval_id: request.id, rule: "/tools/flux_generate_image/approve_if/wide" });
    expect(calls("flux_generate_image")).toBe(before);
  });

  it("not decided in the hold: approval_pending; approved later, the identical retry passes once, the next needs a new approval", async () => {
    const args = editArgs();
    const before = calls("flux_edit_image");
    const first = await agent.callTool({ name: "flux_edit_image", arguments: args });
    expect(text(first)).toMatch(/^\[APPROVAL PENDING\]/);
    const pendingId = meta(first)?.approval_id;
    expect(pendingId).toMatch(/^apr_/);
    expect(meta(first)).toMatchObject({ outcome: "approval_pending", rule: "/tools/flux_edit_image/approve_if/always" });
    // The identical call while pending names the same request.
    const stillPending = await agent.callTool({ name: "flux_edit_image", arguments: { ...args } });
    expect(meta(stillPending)?.approval_id).toBe(pendingId);
    await sys.waitForApproval({ id: pendingId as string, status: "pending" });
    expect((await sys.api.call("POST", `/approvals/${pendingId}/approve`, { key: approverKey })).status).toBe(200);

    const retry = await agent.callTool({ name: "flux_edit_image", arguments: { ...args } });
    expect(retry.isError, text(retry)).toBeFalsy();
    expect(calls("flux_edit_image")).toBe(before + 1);
    const second = await agent.callTool({ name: "flux_edit_image", arguments: { ...args } });
    expect(meta(second)?.outcome).toBe("approval_pending");
    expect(meta(second)?.approval_id).not.toBe(pendingId);
    expect(calls("flux_edit_image")).toBe(before + 1);
  });

  it("changed arguments need their own approval", async () => {
    const args = editArgs();
    const first = await agent.callTool({ name: "flux_edit_image", arguments: args });
    const id = meta(first)?.approval_id as string;
    await sys.waitForApproval({ id, status: "pending" });
    await sys.api.call("POST", `/approvals/${id}/approve`, { key: approverKey });
    const changed = await agent.callTool({ name: "flux_edit_image", arguments: { ...args, prompt: `${args.prompt} and red` } });
    expect(meta(changed)?.outcome).toBe("approval_pending");
    expect(meta(changed)?.approval_id).not.toBe(id);
  });

  it("expiry: the request expires undecided, deciding it is a 409, and the retry gets approval_expired", async () => {
    const args = { task_id: `task_${unique()}` };
    const first = await agent.callTool({ name: "flux_cancel_task", arguments: args });
    const id = meta(first)?.approval_id as string;
    expect(id).toMatch(/^apr_/);
    await sys.waitForApproval({ id, status: "expired" }, 15_000);
    const late = await sys.api.call("POST", `/approvals/${id}/approve`, { key: approverKey });
    expect(late.status).toBe(409);
    const retry = await agent.callTool({ name: "flux_cancel_task", arguments: args });
    expect(text(retry)).toMatch(/^\[APPROVAL EXPIRED\]/);
    expect(meta(retry)).toMatchObject({ outcome: "approval_expired", approval_id: id });
    expect(calls("flux_cancel_task")).toBe(0);
  });
});

describe("replicas and restarts", () => {
  const children: ChildProxy[] = [];
  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop()));
  });

  it("two proxy processes: 20 concurrent identical retries consume one approval exactly once", async () => {
    const second = await spawnProxy(await sys.childProxyEnv());
    children.push(second);
    const other = await sys.connectAgent(second.url, token, serverId);
    try {
      const args = editArgs();
      const first = await agent.callTool({ name: "flux_edit_image", arguments: args });
      const id = meta(first)?.approval_id as string;
      await sys.waitForApproval({ id, status: "pending" });
      expect((await sys.api.call("POST", `/approvals/${id}/approve`, { key: approverKey })).status).toBe(200);
      const before = calls("flux_edit_image");
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? agent : other).callTool({ name: "flux_edit_image", arguments: { ...args } }, undefined, { timeout: 30_000 })),
      );
      const passed = results.filter((r) => !r.isError);
      expect(passed).toHaveLength(1);
      expect(calls("flux_edit_image")).toBe(before + 1);
      const pending = results.filter((r) => meta(r)?.outcome === "approval_pending");
      expect(pending).toHaveLength(19);
      // The losers asked anew: one new request between them, not the consumed one.
      expect(new Set(pending.map((r) => meta(r)?.approval_id)).size).toBe(1);
      expect(pending[0] && meta(pending[0])?.approval_id).not.toBe(id);
    } finally {
      await other.close().catch(() => {});
    }
  });

  it("a proxy restarted while a request is pending: after approval the retry passes", async () => {
    let proxyProcess = await spawnProxy(await sys.childProxyEnv());
    children.push(proxyProcess);
    const args = editArgs();
    let client = await sys.connectAgent(proxyProcess.url, token, serverId);
    const first = await client.callTool({ name: "flux_edit_image", arguments: args });
    const id = meta(first)?.approval_id as string;
    expect(meta(first)?.outcome).toBe("approval_pending");
    await client.close().catch(() => {});
    await proxyProcess.stop();
    proxyProcess = await spawnProxy(await sys.childProxyEnv());
    children.push(proxyProcess);
    await sys.waitForApproval({ id, status: "pending" });
    expect((await sys.api.call("POST", `/approvals/${id}/approve`, { key: approverKey })).status).toBe(200);
    const before = calls("flux_edit_image");
    client = await sys.connectAgent(proxyProcess.url, token, serverId);
    try {
      const retry = await client.callTool({ name: "flux_edit_image", arguments: { ...args } });
      expect(retry.isError, text(retry)).toBeFalsy();
      expect(calls("flux_edit_image")).toBe(before + 1);
    } finally {
      await client.close().catch(() => {});
    }
  });
});
