// /identities, /tokens and /grants through the common security checks: every route refuses
// missing and wrong credentials, applies the role matrix of API.md (admins manage identities and
// tokens; policy managers may also manage grants; everyone reads), and answers another org's ids
// with 404.
import type { Db } from "@gatehouse/db";
import { createTestGrant, createTestIdentity, createTestServer, createTestToken } from "@gatehouse/db/testing";
import type { Role } from "@gatehouse/shared";
import { ADMINS, EVERYONE, describeRouteSecurity } from "./support/route-security";

const GRANT_WRITERS: readonly Role[] = ["admin", "policy_manager"];

const identityIn = (db: Db, orgId: string) => createTestIdentity(db, { orgId });
const tokenIn = async (db: Db, orgId: string) => (await createTestToken(db, { orgId, identityId: (await identityIn(db, orgId)).id })).row;
async function grantIn(db: Db, orgId: string) {
  const [identity, server] = await Promise.all([identityIn(db, orgId), createTestServer(db, { orgId })]);
  return createTestGrant(db, { orgId, identityId: identity.id, serverId: server.id });
}
const unique = () => `agent-${Math.random().toString(36).slice(2, 10)}`;

describeRouteSecurity("identities", {
  "/identities": { method: "GET", allowed: EVERYONE, status: 200, prepare: async () => ({ path: "/identities" }) },
  "/identities (create)": {
    method: "POST",
    allowed: ADMINS,
    status: 201,
    prepare: async () => ({ path: "/identities", body: { name: unique(), kind: "agent" } }),
    invalid: { body: { name: "", kind: "robot" }, paths: ["name", "kind"] },
  },
  "/identities/{id}": {
    method: "GET",
    allowed: EVERYONE,
    status: 200,
    prepare: async (h, t) => ({ path: `/identities/${(await identityIn(h.db, t.orgA.id)).id}` }),
    foreign: async (h, t) => ({ path: `/identities/${(await identityIn(h.db, t.orgB.id)).id}` }),
  },
  "/identities/{id} (patch)": {
    method: "PATCH",
    allowed: ADMINS,
    status: 200,
    prepare: async (h, t) => ({ path: `/identities/${(await identityIn(h.db, t.orgA.id)).id}`, body: { description: "CI job" } }),
    foreign: async (h, t) => ({ path: `/identities/${(await identityIn(h.db, t.orgB.id)).id}`, body: { description: "CI job" } }),
    invalid: { body: { name: "", kind: "robot", disabled: "yes" }, paths: ["name", "kind", "disabled"] },
  },
  "/identities/{id} (delete)": {
    method: "DELETE",
    allowed: ADMINS,
    status: 204,
    prepare: async (h, t) => ({ path: `/identities/${(await identityIn(h.db, t.orgA.id)).id}` }),
    foreign: async (h, t) => ({ path: `/identities/${(await identityIn(h.db, t.orgB.id)).id}` }),
  },
  "/identities/{id}/tokens": {
    method: "GET",
    allowed: EVERYONE,
    status: 200,
    prepare: async (h, t) => ({ path: `/identities/${(await identityIn(h.db, t.orgA.id)).id}/tokens` }),
    foreign: async (h, t) => ({ path: `/identities/${(await identityIn(h.db, t.orgB.id)).id}/tokens` }),
  },
  "/identities/{id}/tokens (mint)": {
    method: "POST",
    allowed: ADMINS,
    status: 201,
    prepare: async (h, t) => ({ path: `/identities/${(await identityIn(h.db, t.orgA.id)).id}/tokens`, body: { name: "ci" } }),
    foreign: async (h, t) => ({ path: `/identities/${(await identityIn(h.db, t.orgB.id)).id}/tokens`, body: { name: "ci" } }),
    invalid: { body: { expiresAt: "2001-01-01T00:00:00Z" }, paths: ["expiresAt"] },
  },
  "/tokens/{id}/rotate": {
    method: "POST",
    allowed: ADMINS,
    status: 201,
    prepare: async (h, t) => ({ path: `/tokens/${(await tokenIn(h.db, t.orgA.id)).id}/rotate`, body: { graceSeconds: 60 } }),
    foreign: async (h, t) => ({ path: `/tokens/${(await tokenIn(h.db, t.orgB.id)).id}/rotate`, body: { graceSeconds: 60 } }),
    invalid: { body: { graceSeconds: -1 }, paths: ["graceSeconds"] },
  },
  "/tokens/{id}": {
    method: "DELETE",
    allowed: ADMINS,
    status: 204,
    prepare: async (h, t) => ({ path: `/tokens/${(await tokenIn(h.db, t.orgA.id)).id}` }),
    foreign: async (h, t) => ({ path: `/tokens/${(await tokenIn(h.db, t.orgB.id)).id}` }),
  },
  "/grants": { method: "GET", allowed: EVERYONE, status: 200, prepare: async () => ({ path: "/grants" }) },
  "/grants (create)": {
    method: "POST",
    allowed: GRANT_WRITERS,
    status: 201,
    prepare: async (h, t) => {
      const [identity, server] = await Promise.all([identityIn(h.db, t.orgA.id), createTestServer(h.db, { orgId: t.orgA.id })]);
      return { path: "/grants", body: { identityId: identity.id, serverId: server.id } };
    },
    foreign: async (h, t) => {
      const [identity, server] = await Promise.all([identityIn(h.db, t.orgB.id), createTestServer(h.db, { orgId: t.orgB.id })]);
      return { path: "/grants", body: { identityId: identity.id, serverId: server.id } };
    },
    invalid: { body: { identityId: "", serverId: 5, enabled: "yes" }, paths: ["identityId", "serverId", "enabled"] },
  },
  "/grants/{id} (patch)": {
    method: "PATCH",
    allowed: GRANT_WRITERS,
    status: 200,
    prepare: async (h, t) => ({ path: `/grants/${(await grantIn(h.db, t.orgA.id)).id}`, body: { enabled: false } }),
    foreign: async (h, t) => ({ path: `/grants/${(await grantIn(h.db, t.orgB.id)).id}`, body: { enabled: false } }),
    invalid: { body: { enabled: "yes", expiresAt: "soon" }, paths: ["enabled", "expiresAt"] },
  },
  "/grants/{id} (delete)": {
    method: "DELETE",
    allowed: GRANT_WRITERS,
    status: 204,
    prepare: async (h, t) => ({ path: `/grants/${(await grantIn(h.db, t.orgA.id)).id}` }),
    foreign: async (h, t) => ({ path: `/grants/${(await grantIn(h.db, t.orgB.id)).id}` }),
  },
});
