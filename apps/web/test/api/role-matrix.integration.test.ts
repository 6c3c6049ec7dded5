// The role matrix of shared API.md as one table: for every write route (POST, PUT, PATCH, DELETE)
// in the OpenAPI document, which roles may call it. Each role's API key sends the route a valid
// request in its own org: allowed roles must succeed, every other role must get 403.
//
// The route list comes from /api/v1/openapi.json, not from this file, so a route added later is
// checked at once — and fails here until someone writes its row. API.md's roles:
//   admin          everything
//   policy_manager policies, and attaching policies to grants; never tokens, upstream
//                  credentials, members, servers, API keys or webhooks
//   approver       decide approvals; read
//   viewer         read; never secrets
import { createTestApiKey, randomName } from "@gatehouse/db/testing";
import type { Role } from "@gatehouse/shared";
import { afterAll, describe, expect, it } from "vitest";
import { type ApiHarness, ROLES, type Tenants, createTenants, startApi } from "./support/api-harness";
import type { PreparedRequest } from "./support/route-security";

type Row = {
  allowed: readonly Role[];
  /** A valid request in org A, on resources made fresh for this call (allowed roles consume them). */
  prepare: (h: ApiHarness, t: Tenants) => Promise<PreparedRequest>;
};

const ADMIN: readonly Role[] = ["admin"];

const WRITE_METHODS = new Set(["post", "put", "patch", "delete"]);

// "METHOD /path" exactly as openapi.json names it, without the /api/v1 base.
const MATRIX: Record<string, Row> = {
  "PATCH /orgX": { allowed: ADMIN, prepare: async () => ({ path: "/org", body: { name: randomName("org") } }) },
  "POST /api-keys": { allowed: ADMIN, prepare: async () => ({ path: "/api-keys", body: { name: "ci", role: "viewer" } }) },
  "DELETE /api-keys/{id}": {
    allowed: ADMIN,
    prepare: async (h, t) => ({ path: `/api-keys/${(await createTestApiKey(h.db, { orgId: t.orgA.id })).row.id}` }),
  },
};

// Built at collection time, so each route and role is its own test.
const h = await startApi();
const t = await createTenants(h.db);
afterAll(async () => h.close());
const doc = (await h.call("GET", "/openapi.json")).body as { paths: Record<string, Record<string, unknown>> };
const writeRoutes = Object.entries(doc.paths).flatMap(([path, operations]) =>
  Object.keys(operations)
    .filter((method) => WRITE_METHODS.has(method))
    .map((method) => `${method.toUpperCase()} ${path.replace(/^\/api\/v1/, "")}`),
);

describe("role matrix (API.md): every role × every write route in openapi.json", () => {
  it("finds the write routes in the OpenAPI document", () => {
    expect(writeRoutes).toContain("PATCH /org");
  });

  it("has a row for every write route", () => {
    const missing = writeRoutes.filter((route) => !(route in MATRIX));
    expect(missing, "write routes in openapi.json without a row in the role matrix").toEqual([]);
  });

  for (const route of writeRoutes) {
    const row = MATRIX[route];
    if (!row) continue;
    const [method = "", template = ""] = route.split(" ");
    describe(route, () => {
      for (const role of ROLES) {
        const allowed = row.allowed.includes(role);
        it(`${role}: ${allowed ? "allowed" : "403"}`, async () => {
          const prepared = await row.prepare(h, t);
          const res = await h.call(method, prepared.path, { key: t.orgA.keys[role], ...(prepared.body !== undefined ? { body: prepared.body } : {}) });
          if (allowed) {
            expect(res.status, `${template} as ${role}: ${res.text}`).toBeGreaterThanOrEqual(200);
            expect(res.status, `${template} as ${role}: ${res.text}`).toBeLessThan(300);
          } else {
            expect(res.status, `${template} as ${role}: ${res.text}`).toBe(403);
            expect(res.body.error.code).toBe("forbidden");
          }
        });
      }
    });
  }
});
