// What a user of /identities, /tokens and /grants notices: identities with counts and last
// activity, a token's secret shown once and never again, rotation that keeps the old token
// working for the grace only, revocation, grants with the names they join, and every change in the
// audit trail and the enforcement bundle the proxy reads.
import { createTestPolicy, createTestServer } from "@gatehouse/db/testing";
import type { EnforcementBundle } from "@gatehouse/shared";
import { sha256Hex } from "@gatehouse/shared/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, type Tenants, createTenants, startApi } from "./support/api-harness";

let h: ApiHarness;
let t: Tenants;
let admin: string;

beforeAll(async () => {
  h = await startApi();
  t = await createTenants(h.db);
  admin = t.orgA.keys.admin;
});
afterAll(async () => h?.close());

const unique = (base: string) => `${base}-${Math.random().toString(36).slice(2, 8)}`;
const bundle = async () => (await h.db.orgBundle.findUniqueOrThrow({ where: { orgId: t.orgA.id } })).body as unknown as EnforcementBundle;
const audits = (targetId: string) => h.db.auditEvent.findMany({ where: { orgId: t.orgA.id, targetId }, orderBy: { createdAt: "asc" } });

async function newIdentity(body: Record<string, unknown> = {}) {
  const res = await h.call("POST", "/identities", { key: admin, body: { name: unique("agent"), ...body } });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; name: string };
}

async function mint(identityId: string, body: Record<string, unknown> = {}) {
  const res = await h.call("POST", `/identities/${identityId}/tokens`, { key: admin, body });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; prefix: string; token: string; status: string };
}

describe("identities", () => {
  it("creates, lists with counts and filters, refuses a duplicate name, updates and deletes", async () => {
    const created = await h.call("POST", "/identities", {
      key: admin,
      body: { name: unique("ci-deploy"), kind: "service", description: "The deploy job", labels: { team: "platform" } },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ kind: "service", description: "The deploy job", labels: { team: "platform" }, activeTokenCount: 0, grantCount: 0, lastUsedAt: null, grants: [] });
    const id = created.body.id as string;
    expect(id).toMatch(/^idn_/);

    const duplicate = await h.call("POST", "/identities", { key: admin, body: { name: created.body.name } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe("conflict");

    await mint(id);
    const automations = await h.call("GET", "/identities?kind=service&limit=200", { key: t.orgA.keys.viewer });
    expect(automations.status).toBe(200);
    expect(automations.body.data.every((row: { kind: string }) => row.kind === "service")).toBe(true);
    expect(automations.body.data.find((row: { id: string }) => row.id === id)).toMatchObject({ activeTokenCount: 1, grantCount: 0 });

    const patched = await h.call("PATCH", `/identities/${id}`, { key: admin, body: { description: null, labels: { team: "infra" }, disabled: true } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ description: null, labels: { team: "infra" }, disabledAt: expect.any(String) });
    expect((await bundle()).identities.find((row) => row.id === id)?.disabled).toBe(true);

    const enabled = await h.call("PATCH", `/identities/${id}`, { key: admin, body: { disabled: false } });
    expect(enabled.body.disabledAt).toBeNull();

    expect((await h.call("DELETE", `/identities/${id}`, { key: admin })).status).toBe(204);
    expect((await h.call("GET", `/identities/${id}`, { key: admin })).status).toBe(404);
    expect(await h.db.token.count({ where: { identityId: id } })).toBe(0);
    expect((await audits(id)).map((event) => event.action)).toEqual(["identity.create", "identity.update", "identity.update", "identity.delete"]);
  });

  it("pages with a cursor, newest first", async () => {
    const first = await newIdentity();
    const second = await newIdentity();
    const page = await h.call("GET", "/identities?limit=1", { key: admin });
    expect(page.body.data.map((row: { id: string }) => row.id)).toEqual([second.id]);
    const next = await h.call("GET", `/identities?limit=1&cursor=${page.body.nextCursor}`, { key: admin });
    expect(next.body.data.map((row: { id: string }) => row.id)).toEqual([first.id]);
  });
});

describe("tokens", () => {
  it("shows the secret once, stores only its hash, and lists prefix, status and dates", async () => {
    const identity = await newIdentity();
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const minted = await mint(identity.id, { name: "laptop", expiresAt });
    expect(minted.token).toMatch(/^gth_/);
    expect(minted.token.startsWith(minted.prefix)).toBe(true);
    expect(minted).toMatchObject({ name: "laptop", status: "active", expiresAt, lastUsedAt: null });

    const row = await h.db.token.findUniqueOrThrow({ where: { id: minted.id } });
    expect(row.hash).toBe(sha256Hex(minted.token));

    const list = await h.call("GET", `/identities/${identity.id}/tokens`, { key: t.orgA.keys.viewer });
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.text).not.toContain(minted.token);
    expect(list.text).not.toContain(row.hash);
    expect(Object.keys(list.body.data[0]).sort()).toEqual(
      ["createdAt", "expiresAt", "graceUntil", "id", "identityId", "lastUsedAt", "name", "prefix", "revokedAt", "rotatedToId", "status"].sort(),
    );
    expect((await bundle()).tokens.map((token) => token.hash)).toContain(row.hash);
    const [audit] = await audits(minted.id);
    expect(audit?.action).toBe("token.mint");
    expect(JSON.stringify(audit?.data)).not.toContain(minted.token);
  });

  it("rotates: a new secret, the old token in grace (both in the bundle), a second rotation of the old refused", async () => {
    const identity = await newIdentity();
    const old = await mint(identity.id, { name: "agent" });
    const before = Date.now();
    const rotated = await h.call("POST", `/tokens/${old.id}/rotate`, { key: admin, body: { graceSeconds: 600 } });
    expect(rotated.status, rotated.text).toBe(201);
    expect(rotated.body.token).toMatch(/^gth_/);
    expect(rotated.body.token).not.toBe(old.token);
    expect(rotated.body).toMatchObject({ name: "agent", status: "active", previous: { id: old.id, status: "grace", rotatedToId: rotated.body.id } });
    const graceUntil = new Date(rotated.body.previous.graceUntil).getTime();
    expect(graceUntil).toBeGreaterThanOrEqual(before + 600_000);
    expect(graceUntil).toBeLessThanOrEqual(Date.now() + 600_000);

    const tokens = (await bundle()).tokens;
    expect(tokens.find((token) => token.hash === sha256Hex(old.token))?.expiresAt).toBe(rotated.body.previous.graceUntil);
    expect(tokens.find((token) => token.hash === sha256Hex(rotated.body.token))?.expiresAt).toBeNull();

    const again = await h.call("POST", `/tokens/${old.id}/rotate`, { key: admin, body: {} });
    expect(again.status).toBe(409);
    expect(await h.db.token.count({ where: { identityId: identity.id } })).toBe(2);
  });

  it("rotates with no grace: the old token leaves the bundle at once", async () => {
    const identity = await newIdentity();
    const old = await mint(identity.id);
    const rotated = await h.call("POST", `/tokens/${old.id}/rotate`, { key: admin, body: { graceSeconds: 0 } });
    expect(rotated.status).toBe(201);
    const hashes = (await bundle()).tokens.map((token) => token.hash);
    expect(hashes).not.toContain(sha256Hex(old.token));
    expect(hashes).toContain(sha256Hex(rotated.body.token));
    const list = await h.call("GET", `/identities/${identity.id}/tokens`, { key: admin });
    expect(list.body.data.map((token: { status: string }) => token.status)).toEqual(["active", "expired"]);
  });

  it("revokes: out of the bundle, shown as revoked, not rotatable; revoking twice is harmless", async () => {
    const identity = await newIdentity();
    const minted = await mint(identity.id);
    expect((await h.call("DELETE", `/tokens/${minted.id}`, { key: admin })).status).toBe(204);
    expect((await bundle()).tokens.map((token) => token.hash)).not.toContain(sha256Hex(minted.token));
    const list = await h.call("GET", `/identities/${identity.id}/tokens`, { key: admin });
    expect(list.body.data[0]).toMatchObject({ status: "revoked", revokedAt: expect.any(String) });
    expect((await h.call("POST", `/tokens/${minted.id}/rotate`, { key: admin, body: {} })).status).toBe(409);
    expect((await h.call("DELETE", `/tokens/${minted.id}`, { key: admin })).status).toBe(204);
    const detail = await h.call("GET", `/identities/${identity.id}`, { key: admin });
    expect(detail.body.activeTokenCount).toBe(0);
  });

  it("shows the identity's last activity as its tokens' latest use", async () => {
    const identity = await newIdentity();
    const a = await mint(identity.id);
    const b = await mint(identity.id);
    await h.db.token.update({ where: { id: a.id }, data: { lastUsedAt: new Date("2026-01-01T10:00:00Z") } });
    await h.db.token.update({ where: { id: b.id }, data: { lastUsedAt: new Date("2026-01-02T10:00:00Z") } });
    const detail = await h.call("GET", `/identities/${identity.id}`, { key: admin });
    expect(detail.body.lastUsedAt).toBe("2026-01-02T10:00:00.000Z");
  });
});

describe("grants", () => {
  it("grants an identity a server under a policy, filters, changes, and removes it; the identity page shows it", async () => {
    const identity = await newIdentity();
    const server = await createTestServer(h.db, { orgId: t.orgA.id });
    const otherServer = await createTestServer(h.db, { orgId: t.orgA.id });
    const policy = await createTestPolicy(h.db, { orgId: t.orgA.id, serverId: server.id, document: { version: "1", default: "allow" } });
    const otherPolicy = await createTestPolicy(h.db, { orgId: t.orgA.id, serverId: otherServer.id, document: { version: "1", default: "allow" } });

    const wrongPolicy = await h.call("POST", "/grants", { key: admin, body: { identityId: identity.id, serverId: server.id, policyId: otherPolicy.id } });
    expect(wrongPolicy.status).toBe(400);

    const created = await h.call("POST", "/grants", { key: t.orgA.keys.policy_manager, body: { identityId: identity.id, serverId: server.id, policyId: policy.id } });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      identity: { id: identity.id, name: identity.name },
      server: { id: server.id, name: server.name },
      policy: { id: policy.id, name: policy.name },
      enabled: true,
      expiresAt: null,
    });
    const grantId = created.body.id as string;
    const duplicate = await h.call("POST", "/grants", { key: admin, body: { identityId: identity.id, serverId: server.id } });
    expect(duplicate.status).toBe(409);

    const mine = await h.call("GET", `/grants?identityId=${identity.id}`, { key: t.orgA.keys.viewer });
    expect(mine.body.data.map((grant: { id: string }) => grant.id)).toEqual([grantId]);
    const onOtherServer = await h.call("GET", `/grants?serverId=${otherServer.id}`, { key: admin });
    expect(onOtherServer.body.data).toEqual([]);
    const detail = await h.call("GET", `/identities/${identity.id}`, { key: admin });
    expect(detail.body).toMatchObject({ grantCount: 1, grants: [{ id: grantId, server: { name: server.name } }] });
    expect((await bundle()).grants.find((grant) => grant.id === grantId)).toMatchObject({ policyId: policy.id, enabled: true });

    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const patched = await h.call("PATCH", `/grants/${grantId}`, { key: admin, body: { policyId: null, enabled: false, expiresAt } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ policy: null, enabled: false, expiresAt });
    expect((await bundle()).grants.find((grant) => grant.id === grantId)).toMatchObject({ policyId: null, enabled: false });

    expect((await h.call("DELETE", `/grants/${grantId}`, { key: t.orgA.keys.policy_manager })).status).toBe(204);
    expect((await bundle()).grants.find((grant) => grant.id === grantId)).toBeUndefined();
    expect((await h.call("GET", `/identities/${identity.id}`, { key: admin })).body.grantCount).toBe(0);
    expect((await audits(grantId)).map((event) => event.action)).toEqual(["grant.create", "grant.update", "grant.delete"]);
  });

  it("refuses a grant naming a server or policy of another org with 404", async () => {
    const identity = await newIdentity();
    const theirServer = await createTestServer(h.db, { orgId: t.orgB.id });
    const res = await h.call("POST", "/grants", { key: admin, body: { identityId: identity.id, serverId: theirServer.id } });
    expect(res.status).toBe(404);
    const server = await createTestServer(h.db, { orgId: t.orgA.id });
    const theirPolicy = await createTestPolicy(h.db, { orgId: t.orgB.id, serverId: theirServer.id, document: { version: "1", default: "allow" } });
    const withPolicy = await h.call("POST", "/grants", { key: admin, body: { identityId: identity.id, serverId: server.id, policyId: theirPolicy.id } });
    expect(withPolicy.status).toBe(404);
  });
});

describe("OpenAPI", () => {
  it("documents every identity, token and grant route", async () => {
    const res = await h.call("GET", "/openapi.json");
    const paths = Object.keys(res.body.paths);
    for (const path of ["/api/v1/identities", "/api/v1/identities/{id}", "/api/v1/identities/{id}/tokens", "/api/v1/tokens/{id}/rotate", "/api/v1/tokens/{id}", "/api/v1/grants", "/api/v1/grants/{id}"]) {
      expect(paths).toContain(path);
    }
    expect(JSON.stringify(res.body.components.schemas.Token)).not.toContain("hash");
  });
});
