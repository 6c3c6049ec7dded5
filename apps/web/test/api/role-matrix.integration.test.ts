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
import {
  addTestMember,
  createTestApiKey,
  createTestGrant,
  createTestIdentity,
  createTestPolicy,
  createTestServer,
  createTestToken,
  createTestUser,
  randomName,
} from "@gatehouse/db/testing";
import { type DemoUpstream, startDemoUpstream } from "@gatehouse/demo-upstream";
import type { Role } from "@gatehouse/shared";
import { afterAll, describe, expect, it } from "vitest";
import { type ApiHarness, ROLES, type Tenants, createTenants, startApi } from "./support/api-harness";
import { closeTestApprovalState, createPendingApproval, testApprovalState } from "./support/approvals";
import { createTestInvitation } from "./support/invitations";
import type { PreparedRequest } from "./support/route-security";
import { insertTestTool } from "./support/tool-rows";
import { createTestWebhook } from "./support/webhooks";

type Row = {
  allowed: readonly Role[];
  /** A valid request in org A, on resources made fresh for this call (allowed roles consume them). */
  prepare: (h: ApiHarness, t: Tenants) => Promise<PreparedRequest>;
};

const ADMIN: readonly Role[] = ["admin"];
/** Deciding an approval: admins and the roles the request names (the default names approvers). */
const DECIDE: readonly Role[] = ["admin", "approver"];
/** Policies, and grants (attaching a policy to an identity's access). */
const POLICY: readonly Role[] = ["admin", "policy_manager"];
/** Computations that store nothing (validate, simulate): whoever may read. */
const READERS: readonly Role[] = ROLES;

const DOC = { version: "1", default: "deny", tools: { read_file: {} } };

// Fresh rows in org A for each call.
const server = (h: ApiHarness, t: Tenants, upstreamUrl?: string) => createTestServer(h.db, { orgId: t.orgA.id, ...(upstreamUrl ? { upstreamUrl } : {}) });
const identity = (h: ApiHarness, t: Tenants) => createTestIdentity(h.db, { orgId: t.orgA.id });
const token = async (h: ApiHarness, t: Tenants) => (await createTestToken(h.db, { orgId: t.orgA.id, identityId: (await identity(h, t)).id })).row;
async function grant(h: ApiHarness, t: Tenants) {
  const [i, s] = await Promise.all([identity(h, t), server(h, t)]);
  return createTestGrant(h.db, { orgId: t.orgA.id, identityId: i.id, serverId: s.id });
}
async function policy(h: ApiHarness, t: Tenants, versions = 1) {
  const s = await server(h, t);
  const p = await createTestPolicy(h.db, { orgId: t.orgA.id, serverId: s.id, document: DOC });
  for (let n = 2; n <= versions; n++) {
    await h.db.policyVersion.create({ data: { id: `pv_${p.id}_${n}`, orgId: t.orgA.id, policyId: p.id, number: n, document: { ...DOC, default: "allow" }, status: "draft" } });
  }
  return p;
}
async function member(h: ApiHarness, t: Tenants) {
  const user = await createTestUser(h.db);
  await addTestMember(h.db, { orgId: t.orgA.id, userId: user.id, role: "viewer" });
  return user.id;
}
const approval = (h: ApiHarness, t: Tenants) =>
  createPendingApproval(h.db, testApprovalState(), { orgId: t.orgA.id, encryptionKey: h.deps.secrets.encryptionKey });
afterAll(() => closeTestApprovalState());
let demo: Promise<DemoUpstream> | undefined;
const demoUrl = async () => {
  demo ??= startDemoUpstream();
  return (await demo).url;
};
afterAll(async () => (await demo)?.close());

const WRITE_METHODS = new Set(["post", "put", "patch", "delete"]);

// "METHOD /path" exactly as openapi.json names it, without the /api/v1 base.
const MATRIX: Record<string, Row> = {
  "PATCH /org": { allowed: ADMIN, prepare: async () => ({ path: "/org", body: { name: randomName("org") } }) },
  "POST /api-keys": { allowed: ADMIN, prepare: async () => ({ path: "/api-keys", body: { name: "ci", role: "viewer" } }) },
  "DELETE /api-keys/{id}": {
    allowed: ADMIN,
    prepare: async (h, t) => ({ path: `/api-keys/${(await createTestApiKey(h.db, { orgId: t.orgA.id })).row.id}` }),
  },
  "PATCH /members/{userId}": { allowed: ADMIN, prepare: async (h, t) => ({ path: `/members/${await member(h, t)}`, body: { role: "approver" } }) },
  "DELETE /members/{userId}": { allowed: ADMIN, prepare: async (h, t) => ({ path: `/members/${await member(h, t)}` }) },
  "POST /invitations": { allowed: ADMIN, prepare: async () => ({ path: "/invitations", body: { email: `${randomName("invitee")}@example.test`, role: "viewer" } }) },
  "DELETE /invitations/{id}": {
    allowed: ADMIN,
    prepare: async (h, t) => ({ path: `/invitations/${(await createTestInvitation(h.db, { orgId: t.orgA.id })).row.id}` }),
  },
  "PATCH /decision-logs/settings": { allowed: ADMIN, prepare: async () => ({ path: "/decision-logs/settings", body: { retentionDays: 14 } }) },

  "POST /servers": { allowed: ADMIN, prepare: async () => ({ path: "/servers", body: { name: randomName("srv"), upstreamUrl: "http://127.0.0.1:4100/mcp" } }) },
  "PATCH /servers/{id}": { allowed: ADMIN, prepare: async (h, t) => ({ path: `/servers/${(await server(h, t)).id}`, body: { description: "changed" } }) },
  "DELETE /servers/{id}": { allowed: ADMIN, prepare: async (h, t) => ({ path: `/servers/${(await server(h, t)).id}` }) },
  "POST /servers/{id}/test": { allowed: ADMIN, prepare: async (h, t) => ({ path: `/servers/${(await server(h, t, await demoUrl())).id}/test` }) },
  "POST /servers/{id}/discover": { allowed: ADMIN, prepare: async (h, t) => ({ path: `/servers/${(await server(h, t, await demoUrl())).id}/discover` }) },
  "POST /servers/{id}/tools/{name}/accept": {
    allowed: ADMIN,
    prepare: async (h, t) => {
      const s = await server(h, t);
      const tool = await insertTestTool(h.db, { orgId: t.orgA.id, serverId: s.id, status: "changed" });
      return { path: `/servers/${s.id}/tools/${tool.name}/accept` };
    },
  },

  "POST /identities": { allowed: ADMIN, prepare: async () => ({ path: "/identities", body: { name: randomName("agent"), kind: "agent" } }) },
  "PATCH /identities/{id}": { allowed: ADMIN, prepare: async (h, t) => ({ path: `/identities/${(await identity(h, t)).id}`, body: { description: "CI job" } }) },
  "DELETE /identities/{id}": { allowed: ADMIN, prepare: async (h, t) => ({ path: `/identities/${(await identity(h, t)).id}` }) },
  "POST /identities/{id}/tokens": { allowed: ADMIN, prepare: async (h, t) => ({ path: `/identities/${(await identity(h, t)).id}/tokens`, body: { name: "ci" } }) },
  "POST /tokens/{id}/rotate": { allowed: ADMIN, prepare: async (h, t) => ({ path: `/tokens/${(await token(h, t)).id}/rotate`, body: { graceSeconds: 60 } }) },
  "DELETE /tokens/{id}": { allowed: ADMIN, prepare: async (h, t) => ({ path: `/tokens/${(await token(h, t)).id}` }) },

  "POST /grants": {
    allowed: POLICY,
    prepare: async (h, t) => {
      const [i, s] = await Promise.all([identity(h, t), server(h, t)]);
      return { path: "/grants", body: { identityId: i.id, serverId: s.id } };
    },
  },
  "PATCH /grants/{id}": { allowed: POLICY, prepare: async (h, t) => ({ path: `/grants/${(await grant(h, t)).id}`, body: { enabled: false } }) },
  "DELETE /grants/{id}": { allowed: POLICY, prepare: async (h, t) => ({ path: `/grants/${(await grant(h, t)).id}` }) },

  "POST /policies": { allowed: POLICY, prepare: async (h, t) => ({ path: "/policies", body: { serverId: (await server(h, t)).id, name: randomName("p"), document: DOC } }) },
  "POST /policies/validate": { allowed: READERS, prepare: async () => ({ path: "/policies/validate", body: { document: DOC } }) },
  "POST /policies/import": {
    allowed: POLICY,
    prepare: async () => ({ path: "/policies/import", body: { format: "intercept-yaml", source: 'version: "1"\ntools:\n  read_file:\n    rules: []\n' } }),
  },
  "PATCH /policies/{id}": { allowed: POLICY, prepare: async (h, t) => ({ path: `/policies/${(await policy(h, t)).id}`, body: { description: "checked" } }) },
  "DELETE /policies/{id}": { allowed: POLICY, prepare: async (h, t) => ({ path: `/policies/${(await policy(h, t)).id}` }) },
  "POST /policies/{id}/versions": { allowed: POLICY, prepare: async (h, t) => ({ path: `/policies/${(await policy(h, t)).id}/versions`, body: { document: DOC } }) },
  "POST /policies/{id}/versions/{number}/publish": {
    allowed: POLICY,
    prepare: async (h, t) => ({ path: `/policies/${(await policy(h, t, 2)).id}/versions/2/publish`, body: {} }),
  },
  "POST /approvals/{id}/approve": { allowed: DECIDE, prepare: async (h, t) => ({ path: `/approvals/${(await approval(h, t)).id}/approve`, body: { reason: "ok" } }) },
  "POST /approvals/{id}/deny": { allowed: DECIDE, prepare: async (h, t) => ({ path: `/approvals/${(await approval(h, t)).id}/deny`, body: { reason: "no" } }) },
  "POST /approvals/decide": {
    allowed: DECIDE,
    prepare: async (h, t) => ({ path: "/approvals/decide", body: { ids: [(await approval(h, t)).id], decision: "approve" } }),
  },

  "POST /webhooks": { allowed: ADMIN, prepare: async () => ({ path: "/webhooks", body: { url: "https://8.8.8.8/hooks", events: ["approval.requested"] } }) },
  "PATCH /webhooks/{id}": { allowed: ADMIN, prepare: async (h, t) => ({ path: `/webhooks/${(await createTestWebhook(h.db, { orgId: t.orgA.id })).id}`, body: { enabled: false } }) },
  "DELETE /webhooks/{id}": { allowed: ADMIN, prepare: async (h, t) => ({ path: `/webhooks/${(await createTestWebhook(h.db, { orgId: t.orgA.id })).id}` }) },
  "POST /webhooks/{id}/test": { allowed: ADMIN, prepare: async (h, t) => ({ path: `/webhooks/${(await createTestWebhook(h.db, { orgId: t.orgA.id })).id}/test` }) },

  "POST /policies/{id}/simulate": {
    allowed: READERS,
    prepare: async (h, t) => ({ path: `/policies/${(await policy(h, t)).id}/simulate`, body: { calls: [{ tool: "read_file", arguments: {} }] } }),
  },
};

// Built at collection time, so each route and role is its own test.
const h = await startApi({ approvals: testApprovalState() });
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

  it("has no row for a route that is not in the document (renamed or removed)", () => {
    expect(Object.keys(MATRIX).filter((route) => !writeRoutes.includes(route))).toEqual([]);
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
