// /me, /org and /api-keys through the common security checks.
import { createTestApiKey } from "@gatehouse/db/testing";
import { ADMINS, EVERYONE, describeRouteSecurity } from "./support/route-security";

describeRouteSecurity("organization", {
  "/me": { method: "GET", allowed: EVERYONE, status: 200, prepare: async () => ({ path: "/me" }) },
  "/org": { method: "GET", allowed: EVERYONE, status: 200, prepare: async () => ({ path: "/org" }) },
  "/org (patch)": {
    method: "PATCH",
    allowed: ADMINS,
    status: 200,
    prepare: async () => ({ path: "/org", body: { name: "Renamed" } }),
    invalid: { body: { name: "" }, paths: ["name"] },
  },
  "/api-keys": { method: "GET", allowed: ADMINS, status: 200, prepare: async () => ({ path: "/api-keys" }) },
  "/api-keys (create)": {
    method: "POST",
    allowed: ADMINS,
    status: 201,
    prepare: async () => ({ path: "/api-keys", body: { name: "ci", role: "viewer" } }),
    invalid: { body: { name: "", role: "owner", expiresAt: "2001-01-01T00:00:00Z" }, paths: ["name", "role", "expiresAt"] },
  },
  "/api-keys/{id}": {
    method: "DELETE",
    allowed: ADMINS,
    status: 204,
    prepare: async (h, t) => ({ path: `/api-keys/${(await createTestApiKey(h.db, { orgId: t.orgA.id })).row.id}` }),
    foreign: async (h, t) => ({ path: `/api-keys/${(await createTestApiKey(h.db, { orgId: t.orgB.id })).row.id}` }),
  },
});
