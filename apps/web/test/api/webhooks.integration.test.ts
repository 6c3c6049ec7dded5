// What an admin notices on /webhooks: the signing secret once (encrypted at rest, never listed),
// edits, the SSRF guard at the `url` field, test sends and their delivery log, deletes audited.
import { decryptText } from "@gatehouse/shared/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, type Tenants, createTenants, startApi } from "./support/api-harness";
import { closeTestApprovalState, createPendingApproval, testApprovalState } from "./support/approvals";

let h: ApiHarness;
let strict: ApiHarness;
let t: Tenants;
let admin: string;

beforeAll(async () => {
  h = await startApi({ approvals: testApprovalState() });
  strict = await startApi({ allowPrivateNetworks: false });
  t = await createTenants(h.db);
  admin = t.orgA.keys.admin;
});
afterAll(async () => {
  await h?.close();
  await strict?.close();
  closeTestApprovalState();
});

describe("webhooks", () => {
  it("creates an endpoint with its secret shown once and stored encrypted, lists, updates and deletes it", async () => {
    const created = await h.call("POST", "/webhooks", { key: admin, body: { url: "https://8.8.8.8/hooks", events: ["approval.requested", "approval.decided"], description: "ops" } });
    expect(created.status, created.text).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    expect(created.body).toMatchObject({ url: "https://8.8.8.8/hooks", events: ["approval.requested", "approval.decided"], description: "ops", enabled: true });

    const row = await h.db.webhookEndpoint.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.secretEnc).not.toContain(created.body.secret);
    expect(decryptText(h.deps.secrets.encryptionKey, row.secretEnc)).toBe(created.body.secret);

    const list = await h.call("GET", "/webhooks", { key: admin });
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(created.body.secret);
    expect(list.text).not.toContain("secretEnc");
    expect(list.body.data.map((w: { id: string }) => w.id)).toContain(created.body.id);

    const one = await h.call("GET", `/webhooks/${created.body.id}`, { key: admin });
    expect(one.body.secret).toBeUndefined();

    const patched = await h.call("PATCH", `/webhooks/${created.body.id}`, { key: admin, body: { events: ["approval.expired"], description: null, enabled: false } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ events: ["approval.expired"], description: null, enabled: false });

    const deleted = await h.call("DELETE", `/webhooks/${created.body.id}`, { key: admin });
    expect(deleted.status).toBe(204);
    expect((await h.call("GET", `/webhooks/${created.body.id}`, { key: admin })).status).toBe(404);

    const actions = (await h.db.auditEvent.findMany({ where: { orgId: t.orgA.id, targetId: created.body.id }, orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["webhook.create", "webhook.update", "webhook.delete"]);
  });

  it("refuses private and metadata addresses at the url field unless the deployment allows private upstreams", async () => {
    const privateUrl = await strict.call("POST", "/webhooks", { key: admin, body: { url: "http://127.0.0.1:9/hook", events: ["approval.requested"] } });
    expect(privateUrl.status).toBe(400);
    expect(privateUrl.body.error.details.map((d: { path: string }) => d.path)).toEqual(["url"]);

    const metadata = await h.call("POST", "/webhooks", { key: admin, body: { url: "http://169.254.169.254/latest", events: ["approval.requested"] } });
    expect(metadata.status).toBe(400);
    expect(metadata.body.error.details[0].path).toBe("url");

    const allowed = await h.call("POST", "/webhooks", { key: admin, body: { url: "http://127.0.0.1:9/hook", events: ["approval.requested"] } });
    expect(allowed.status, allowed.text).toBe(201);

    const created = await strict.call("POST", "/webhooks", { key: admin, body: { url: "https://8.8.8.8/hook", events: ["approval.requested"] } });
    const moved = await strict.call("PATCH", `/webhooks/${created.body.id}`, { key: admin, body: { url: "http://10.0.0.1/hook" } });
    expect(moved.status).toBe(400);
    expect(moved.body.error.details[0].path).toBe("url");
  });

  it("sends a test event that appears in the endpoint's delivery log", async () => {
    const created = await h.call("POST", "/webhooks", { key: admin, body: { url: "https://8.8.8.8/hooks", events: ["approval.requested"] } });
    const sent = await h.call("POST", `/webhooks/${created.body.id}/test`, { key: admin });
    expect(sent.status, sent.text).toBe(202);
    const log = await h.call("GET", `/webhooks/${created.body.id}/deliveries`, { key: admin });
    expect(log.status).toBe(200);
    expect(log.body.data).toHaveLength(1);
    expect(log.body.data[0]).toMatchObject({ id: sent.body.deliveryId, event: "webhook.test", status: "pending", attempts: 0, attemptLog: [] });
  });

  it("a decided approval queues an approval.decided delivery to each subscribed endpoint only", async () => {
    const subscribed = await h.call("POST", "/webhooks", { key: admin, body: { url: "https://8.8.8.8/decided", events: ["approval.decided"] } });
    const other = await h.call("POST", "/webhooks", { key: admin, body: { url: "https://8.8.8.8/requested", events: ["approval.requested"] } });
    const approval = await createPendingApproval(h.db, testApprovalState(), { orgId: t.orgA.id, encryptionKey: h.deps.secrets.encryptionKey });
    const approved = await h.call("POST", `/approvals/${approval.id}/approve`, { key: admin, body: { reason: "fine" } });
    expect(approved.status, approved.text).toBe(200);

    const log = await h.call("GET", `/webhooks/${subscribed.body.id}/deliveries`, { key: admin });
    expect(log.body.data).toHaveLength(1);
    expect(log.body.data[0]).toMatchObject({ event: "approval.decided", status: "pending" });
    const row = await h.db.webhookDelivery.findUniqueOrThrow({ where: { id: log.body.data[0].id } });
    expect(row.payload).toMatchObject({ type: "approval.decided", data: { approvalId: approval.id, status: "approved", reason: "fine" } });
    expect((await h.call("GET", `/webhooks/${other.body.id}/deliveries`, { key: admin })).body.data).toHaveLength(0);
  });
});
