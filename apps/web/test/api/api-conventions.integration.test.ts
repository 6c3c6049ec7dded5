// The conventions of shared API.md that hold for every route: authentication by key or session,
// the error envelope for bad input, request ids, paging, secrets shown once, and the OpenAPI
// document — checked against the API served over real HTTP.
import { createTestApiKey } from "@gatehouse/db/testing";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../src/server/api/app";
import { type ApiHarness, type Tenants, createTenants, signedInMember, startApi } from "./support/api-harness";

let h: ApiHarness;
let t: Tenants;

beforeAll(async () => {
  h = await startApi();
  t = await createTenants(h.db);
});
afterAll(async () => h?.close());

describe("authentication", () => {
  it("resolves an API key to its org and role", async () => {
    const res = await h.call("GET", "/me", { key: t.orgA.keys.policy_manager });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: "api_key", user: null, org: { id: t.orgA.id }, role: "policy_manager" });
  });

  it("resolves the dashboard's session cookie to the user's current org, re-checked against memberships", async () => {
    const member = await signedInMember(h.db, t.orgA.id, "approver");
    const res = await h.call("GET", "/me", { cookie: member.cookie });
    expect(res.body).toMatchObject({ kind: "user", user: { id: member.userId, email: member.email }, org: { id: t.orgA.id }, role: "approver" });
    // A forged org cookie naming an org the user is not in is ignored.
    const forged = await h.call("GET", "/me", { cookie: `${member.cookie}; gatehouse-org=${t.orgB.id}` });
    expect(forged.body.org.id).toBe(t.orgA.id);
  });

  it("refuses a forged or stale session cookie", async () => {
    const res = await h.call("GET", "/me", { cookie: "authjs.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..forged" });
    expect(res.status).toBe(401);
  });

  it("refuses a cookie-authenticated write from another site, and allows the same origin", async () => {
    const member = await signedInMember(h.db, t.orgA.id, "admin");
    const host = new URL(h.url).host;
    const cross = await h.call("PATCH", "/org", { cookie: member.cookie, body: { name: "x" }, headers: { origin: "https://evil.example" } });
    expect(cross.status).toBe(403);
    const same = await h.call("PATCH", "/org", { cookie: member.cookie, body: { name: "Same origin" }, headers: { origin: `http://${host}` } });
    expect(same.status).toBe(200);
  });

  it("refuses an expired key", async () => {
    const { plaintext } = await createTestApiKey(h.db, { orgId: t.orgA.id, expiresAt: new Date(Date.now() - 1000) });
    expect((await h.call("GET", "/me", { key: plaintext })).status).toBe(401);
  });
});

describe("API keys", () => {
  it("shows the secret once, never a hash, works at once, records last use, and stops working when revoked", async () => {
    const created = await h.call("POST", "/api-keys", { key: t.orgA.keys.admin, body: { name: "deploy bot", role: "viewer" } });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^gthk_/);
    expect(created.body.key.startsWith(created.body.prefix)).toBe(true);
    expect(created.text).not.toMatch(/hash/i);
    const row = await h.db.apiKey.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(created.text).not.toContain(row.hash);

    const me = await h.call("GET", "/me", { key: created.body.key });
    expect(me.body).toMatchObject({ kind: "api_key", role: "viewer", apiKey: { id: created.body.id, name: "deploy bot" } });
    expect((await h.db.apiKey.findUniqueOrThrow({ where: { id: created.body.id } })).lastUsedAt).not.toBeNull();

    const listed = await h.call("GET", "/api-keys?limit=200", { key: t.orgA.keys.admin });
    const entry = listed.body.data.find((k: { id: string }) => k.id === created.body.id);
    expect(entry).toMatchObject({ name: "deploy bot", role: "viewer", revokedAt: null });
    expect(entry.key).toBeUndefined();
    expect(listed.text).not.toContain(created.body.key);

    expect((await h.call("DELETE", `/api-keys/${created.body.id}`, { key: t.orgA.keys.admin })).status).toBe(204);
    expect((await h.call("GET", "/me", { key: created.body.key })).status).toBe(401);

    const audit = await h.db.auditEvent.findMany({ where: { orgId: t.orgA.id, targetId: created.body.id } });
    expect(audit.map((e) => e.action).sort()).toEqual(["api_key.create", "api_key.revoke"]);
    expect(JSON.stringify(audit)).not.toContain(created.body.key);
    expect(JSON.stringify(audit)).not.toContain(row.hash);
  });
});

describe("paging", () => {
  it("walks 250 rows in pages with no duplicate and no gap", async () => {
    const { orgB } = t;
    const created = new Set<string>();
    // 249 more keys in org B (it has its admin key already), many sharing a creation time.
    const stamp = new Date();
    for (let i = 0; i < 249; i++) {
      const { row } = await createTestApiKey(h.db, { orgId: orgB.id, role: "viewer" });
      if (i % 3 === 0) await h.db.apiKey.update({ where: { id: row.id }, data: { createdAt: stamp } });
      created.add(row.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=37&cursor=${encodeURIComponent(cursor)}` : "?limit=37";
      const res = await h.call("GET", `/api-keys${query}`, { key: orgB.adminKey });
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(37);
      seen.push(...res.body.data.map((k: { id: string }) => k.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(seen.length).toBe(250);
    expect(new Set(seen).size).toBe(250);
    for (const id of created) expect(seen).toContain(id);
    expect(pages).toBe(7);
  });

  it("refuses a limit out of range and a forged cursor with 400 naming the parameter", async () => {
    const big = await h.call("GET", "/api-keys?limit=500", { key: t.orgA.keys.admin });
    expect(big.status).toBe(400);
    expect(big.body.error.details[0].path).toBe("limit");
    const forged = await h.call("GET", "/api-keys?cursor=not-a-cursor", { key: t.orgA.keys.admin });
    expect(forged.status).toBe(400);
    expect(forged.body.error.details[0].path).toBe("cursor");
  });
});

describe("bad input", () => {
  it("answers malformed JSON with 400 validation_failed, and changes nothing", async () => {
    const before = await h.db.apiKey.count({ where: { orgId: t.orgA.id } });
    const res = await h.call("POST", "/api-keys", { key: t.orgA.keys.admin, rawBody: '{"name": "x", role' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(await h.db.apiKey.count({ where: { orgId: t.orgA.id } })).toBe(before);
  });

  it("answers a body over the limit with 413 before parsing it", async () => {
    const res = await h.call("POST", "/api-keys", { key: t.orgA.keys.admin, rawBody: JSON.stringify({ name: "x".repeat(MAX_BODY_BYTES), role: "viewer" }) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
  });

  it("answers an unknown route with a 404 envelope and keeps a sane caller request id", async () => {
    const res = await h.call("GET", "/no-such-thing", { key: t.orgA.keys.admin, headers: { "x-request-id": "lb-req-12345678" } });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: "not_found", requestId: "lb-req-12345678" });
    expect(res.headers.get("x-request-id")).toBe("lb-req-12345678");
  });
});

describe("OpenAPI", () => {
  it("serves a valid OpenAPI 3.1 document without credentials, covering every route", async () => {
    const res = await h.call("GET", "/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    const validator = new Validator();
    const result = await validator.validate(res.body);
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
    for (const path of ["/api/v1/me", "/api/v1/org", "/api/v1/api-keys", "/api/v1/api-keys/{id}"]) expect(Object.keys(res.body.paths)).toContain(path);
    expect(res.body.paths["/api/v1/api-keys"].post.requestBody.content["application/json"].schema).toBeTruthy();
  });
});
