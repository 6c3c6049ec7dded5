// Every /policies route through the common security checks: credentials, the role matrix,
// another org's id (404) and an invalid body (400 with paths).
import { createTestPolicy, createTestServer } from "@gatehouse/db/testing";
import type { Role } from "@gatehouse/shared";
import type { ApiHarness } from "./support/api-harness";
import { EVERYONE, describeRouteSecurity } from "./support/route-security";

const REPLAY_RANGE = { from: "2026-11-01T00:00:00Z", to: "2026-12-31T00:00:00Z" };

const WRITERS: readonly Role[] = ["admin", "policy_manager"];
const DOC = { version: "1", default: "deny", tools: { read_file: {} } };

async function policyIn(h: ApiHarness, orgId: string, versions = 1) {
  const server = await createTestServer(h.db, { orgId });
  const policy = await createTestPolicy(h.db, { orgId, serverId: server.id, document: DOC });
  for (let n = 2; n <= versions; n++) {
    await h.db.policyVersion.create({ data: { id: `pv_${policy.id}_${n}`, orgId, policyId: policy.id, number: n, document: { ...DOC, default: "allow" }, status: "draft" } });
  }
  return { server, policy };
}

describeRouteSecurity("policies", {
  "/policies": { method: "GET", allowed: EVERYONE, status: 200, prepare: async () => ({ path: "/policies" }) },
  "/policies (create)": {
    method: "POST",
    allowed: WRITERS,
    status: 201,
    prepare: async (h, t) => ({ path: "/policies", body: { serverId: (await createTestServer(h.db, { orgId: t.orgA.id })).id, name: "p", document: DOC } }),
    foreign: async (h, t) => ({ path: "/policies", body: { serverId: (await createTestServer(h.db, { orgId: t.orgB.id })).id, name: "p", document: DOC } }),
    invalid: { body: { name: "", document: { version: "2", default: "maybe" } }, paths: ["serverId", "name"] },
  },
  "/policies/validate": {
    method: "POST",
    allowed: EVERYONE,
    status: 200,
    prepare: async () => ({ path: "/policies/validate", body: { document: DOC } }),
  },
  "/policies/import": {
    method: "POST",
    allowed: WRITERS,
    status: 200,
    prepare: async () => ({ path: "/policies/import", body: { format: "intercept-yaml", source: 'version: "1"\ntools:\n  read_file:\n    rules: []\n' } }),
    invalid: { body: { format: "rego", source: "" }, paths: ["format", "source"] },
  },
  "/policies/{id}": {
    method: "GET",
    allowed: EVERYONE,
    status: 200,
    prepare: async (h, t) => ({ path: `/policies/${(await policyIn(h, t.orgA.id)).policy.id}` }),
    foreign: async (h, t) => ({ path: `/policies/${(await policyIn(h, t.orgB.id)).policy.id}` }),
  },
  "/policies/{id} (patch)": {
    method: "PATCH",
    allowed: WRITERS,
    status: 200,
    prepare: async (h, t) => ({ path: `/policies/${(await policyIn(h, t.orgA.id)).policy.id}`, body: { description: "checked" } }),
    foreign: async (h, t) => ({ path: `/policies/${(await policyIn(h, t.orgB.id)).policy.id}`, body: { description: "x" } }),
    invalid: { body: { name: "" }, paths: ["name"] },
  },
  "/policies/{id} (delete)": {
    method: "DELETE",
    allowed: WRITERS,
    status: 204,
    prepare: async (h, t) => ({ path: `/policies/${(await policyIn(h, t.orgA.id)).policy.id}` }),
    foreign: async (h, t) => ({ path: `/policies/${(await policyIn(h, t.orgB.id)).policy.id}` }),
  },
  "/policies/{id}/versions": {
    method: "GET",
    allowed: EVERYONE,
    status: 200,
    prepare: async (h, t) => ({ path: `/policies/${(await policyIn(h, t.orgA.id)).policy.id}/versions` }),
    foreign: async (h, t) => ({ path: `/policies/${(await policyIn(h, t.orgB.id)).policy.id}/versions` }),
  },
  "/policies/{id}/versions (create)": {
    method: "POST",
    allowed: WRITERS,
    status: 201,
    prepare: async (h, t) => ({ path: `/policies/${(await policyIn(h, t.orgA.id)).policy.id}/versions`, body: { document: DOC } }),
    foreign: async (h, t) => ({ path: `/policies/${(await policyIn(h, t.orgB.id)).policy.id}/versions`, body: { document: DOC } }),
    invalid: { body: { document: { version: "1", default: "deny", tools: { x: { limits: [{ counter: "c", window: "minute", max: -1, scope: "grant" }] } } } }, paths: ["tools.x.limits[0].max"] },
  },
  "/policies/{id}/versions/{number}/publish": {
    method: "POST",
    allowed: WRITERS,
    status: 200,
    prepare: async (h, t) => ({ path: `/policies/${(await policyIn(h, t.orgA.id, 2)).policy.id}/versions/2/publish`, body: {} }),
    foreign: async (h, t) => ({ path: `/policies/${(await policyIn(h, t.orgB.id, 2)).policy.id}/versions/2/publish`, body: {} }),
  },
  "/policies/{id}/diff": {
    method: "GET",
    allowed: EVERYONE,
    status: 200,
    prepare: async (h, t) => ({ path: `/policies/${(await policyIn(h, t.orgA.id, 2)).policy.id}/diff?from=1&to=2` }),
    foreign: async (h, t) => ({ path: `/policies/${(await policyIn(h, t.orgB.id, 2)).policy.id}/diff?from=1&to=2` }),
  },
  "/policies/{id}/simulate": {
    method: "POST",
    allowed: EVERYONE,
    status: 200,
    prepare: async (h, t) => ({ path: `/policies/${(await policyIn(h, t.orgA.id)).policy.id}/simulate`, body: { calls: [{ tool: "read_file", arguments: {} }] } }),
    foreign: async (h, t) => ({ path: `/policies/${(await policyIn(h, t.orgB.id)).policy.id}/simulate`, body: { calls: [{ tool: "read_file", arguments: {} }] } }),
    invalid: { body: { calls: [{ tool: "", arguments: [] }] }, paths: ["calls[0].tool", "calls[0].arguments"] },
  },
  // Replay reads captured arguments (when the server captures): never another org's.
  "/policies/{id}/simulate (replay)": {
    method: "POST",
    allowed: EVERYONE,
    status: 200,
    prepare: async (h, t) => ({ path: `/policies/${(await policyIn(h, t.orgA.id)).policy.id}/simulate`, body: { replay: REPLAY_RANGE } }),
    foreign: async (h, t) => ({ path: `/policies/${(await policyIn(h, t.orgB.id)).policy.id}/simulate`, body: { replay: REPLAY_RANGE } }),
    invalid: { body: { replay: { from: "2026-12-02T00:00:00Z", to: "2026-12-01T00:00:00Z" } }, paths: ["replay.to"] },
  },
});
