// /approvals behaviour: who sees arguments, filters, decided once, expired → 409, the roles a
// policy names, bulk decisions, and the live event stream (org-scoped).
import { randomBytes } from "node:crypto";
import { createRedis } from "@gatehouse/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApprovalEventHub, createApprovalEventHub } from "../../src/server/approval-events";
import { type ApiHarness, type Tenants, createTenants, startApi } from "./support/api-harness";
import { REDIS_URL, closeTestApprovalState, createPendingApproval, testApprovalState } from "./support/approvals";

let h: ApiHarness;
let t: Tenants;
let hub: ApprovalEventHub;

beforeAll(async () => {
  const state = testApprovalState();
  hub = createApprovalEventHub(createRedis(REDIS_URL, "subscriber"), state.channel);
  h = await startApi({ approvals: state, approvalEvents: hub });
  t = await createTenants(h.db);
});

afterAll(async () => {
  await h?.close();
  hub?.close();
  closeTestApprovalState();
});

const pending = (o: { orgId?: string; toolName?: string; expiresInMs?: number; approverRoles?: string[]; args?: Record<string, unknown> } = {}) =>
  createPendingApproval(h.db, testApprovalState(), { orgId: t.orgA.id, encryptionKey: h.deps.secrets.encryptionKey, ...o });

describe("reading approvals", () => {
  it("shows the arguments to roles that may decide, never to a viewer", async () => {
    const row = await pending({ args: { amount: 900, reason: "damaged" } });
    const asApprover = await h.call("GET", `/approvals/${row.id}`, { key: t.orgA.keys.approver });
    expect(asApprover.body).toMatchObject({ id: row.id, status: "pending", canDecide: true, arguments: { amount: 900, reason: "damaged" }, argKeys: ["amount", "reason"] });
    const asViewer = await h.call("GET", `/approvals/${row.id}`, { key: t.orgA.keys.viewer });
    expect(asViewer.body).toMatchObject({ id: row.id, canDecide: false, arguments: null });
    expect(asViewer.text).not.toContain("damaged");
    expect(asViewer.text).not.toContain("argsEnc");
  });

  it("filters by status and tool, newest first, with paging", async () => {
    const tool = `tool_${randomBytes(3).toString("hex")}`;
    const a = await pending({ toolName: tool });
    const b = await pending({ toolName: tool });
    await h.call("POST", `/approvals/${a.id}/deny`, { key: t.orgA.keys.admin, body: { reason: "no" } });
    const all = await h.call("GET", `/approvals?tool=${tool}`, { key: t.orgA.keys.viewer });
    expect(all.body.data.map((r: { id: string }) => r.id)).toEqual([b.id, a.id]);
    const onlyPending = await h.call("GET", `/approvals?tool=${tool}&status=pending`, { key: t.orgA.keys.viewer });
    expect(onlyPending.body.data.map((r: { id: string }) => r.id)).toEqual([b.id]);
    const page = await h.call("GET", `/approvals?tool=${tool}&limit=1`, { key: t.orgA.keys.viewer });
    expect(page.body.data).toHaveLength(1);
    const next = await h.call("GET", `/approvals?tool=${tool}&limit=1&cursor=${page.body.nextCursor}`, { key: t.orgA.keys.viewer });
    expect(next.body.data.map((r: { id: string }) => r.id)).toEqual([a.id]);
    expect(next.body.nextCursor).toBeNull();
  });
});

describe("deciding", () => {
  it("decides once: a second decision is a 409, and the decision shows who and why", async () => {
    const row = await pending();
    const denied = await h.call("POST", `/approvals/${row.id}/deny`, { key: t.orgA.keys.approver, body: { reason: "over budget" } });
    expect(denied.status).toBe(200);
    expect(denied.body).toMatchObject({ status: "denied", decisionReason: "over budget", decidedBy: expect.stringContaining("API key") });
    const again = await h.call("POST", `/approvals/${row.id}/approve`, { key: t.orgA.keys.admin });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
    const audit = await h.db.auditEvent.findFirst({ where: { orgId: t.orgA.id, targetId: row.id } });
    expect(audit?.action).toBe("approval.deny");
  });

  it("refuses to decide an expired request with 409", async () => {
    const row = await pending({ expiresInMs: 50 });
    await new Promise((r) => setTimeout(r, 100));
    const late = await h.call("POST", `/approvals/${row.id}/approve`, { key: t.orgA.keys.approver });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/expired/);
  });

  it("lets only the roles the policy names decide (admins always)", async () => {
    const row = await pending({ approverRoles: ["policy_manager"] });
    expect((await h.call("POST", `/approvals/${row.id}/approve`, { key: t.orgA.keys.approver })).status).toBe(403);
    expect((await h.call("GET", `/approvals/${row.id}`, { key: t.orgA.keys.approver })).body.arguments).toBeNull();
    expect((await h.call("POST", `/approvals/${row.id}/approve`, { key: t.orgA.keys.policy_manager })).status).toBe(200);
  });

  it("bulk decides each request on its own and says what happened to each", async () => {
    const [a, b, c] = [await pending(), await pending(), await pending()];
    await h.call("POST", `/approvals/${c.id}/approve`, { key: t.orgA.keys.admin });
    const foreign = await createPendingApproval(h.db, testApprovalState(), { orgId: t.orgB.id, encryptionKey: h.deps.secrets.encryptionKey });
    const res = await h.call("POST", "/approvals/decide", { key: t.orgA.keys.approver, body: { ids: [a.id, b.id, c.id, foreign.id], decision: "deny", reason: "batch" } });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { id: a.id, ok: true, status: "denied", error: null },
      { id: b.id, ok: true, status: "denied", error: null },
      { id: c.id, ok: false, status: null, error: { code: "conflict", message: expect.any(String) } },
      { id: foreign.id, ok: false, status: null, error: { code: "not_found", message: expect.any(String) } },
    ]);
    const untouched = await h.db.approvalRequest.findUniqueOrThrow({ where: { id: foreign.id } });
    expect(untouched.status).toBe("pending");
  });
});

describe("GET /approvals/events", () => {
  it("refuses a request without credentials", async () => {
    expect((await h.call("GET", "/approvals/events")).status).toBe(401);
  });

  it("streams the org's approval events to a viewer, and none of another org's", async () => {
    const controller = new AbortController();
    const response = await fetch(`${h.url}/api/v1/approvals/events`, { headers: { authorization: `Bearer ${t.orgA.keys.viewer}` }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let received = "";
    const readUntil = async (needle: string) => {
      while (!received.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        received += decoder.decode(value);
      }
    };
    await readUntil("event: ready");
    const foreign = await createPendingApproval(h.db, testApprovalState(), { orgId: t.orgB.id, encryptionKey: h.deps.secrets.encryptionKey });
    await h.call("POST", `/approvals/${foreign.id}/approve`, { key: t.orgB.adminKey });
    const row = await pending();
    await h.call("POST", `/approvals/${row.id}/approve`, { key: t.orgA.keys.approver });
    await readUntil(row.id);
    expect(received).toContain("event: approval.decided");
    expect(received).toContain(`"status":"approved"`);
    expect(received).not.toContain(foreign.id);
    controller.abort();
  });
});
