// /members, /invitations and /audit-events through the common security checks.
import { addTestMember, createTestUser, randomName } from "@gatehouse/db/testing";
import type { ApiHarness } from "./support/api-harness";
import { createTestInvitation } from "./support/invitations";
import { ADMINS, EVERYONE, describeRouteSecurity } from "./support/route-security";

async function newMember(h: ApiHarness, orgId: string): Promise<string> {
  const user = await createTestUser(h.db);
  await addTestMember(h.db, { orgId, userId: user.id, role: "viewer" });
  return user.id;
}

describeRouteSecurity("members", {
  "/members": { method: "GET", allowed: EVERYONE, status: 200, prepare: async () => ({ path: "/members" }) },
  "/members/{userId} (patch)": {
    method: "PATCH",
    allowed: ADMINS,
    status: 200,
    prepare: async (h, t) => ({ path: `/members/${await newMember(h, t.orgA.id)}`, body: { role: "approver" } }),
    foreign: async (h, t) => ({ path: `/members/${await newMember(h, t.orgB.id)}`, body: { role: "approver" } }),
    invalid: { body: { role: "owner" }, paths: ["role"] },
  },
  "/members/{userId} (delete)": {
    method: "DELETE",
    allowed: ADMINS,
    status: 204,
    prepare: async (h, t) => ({ path: `/members/${await newMember(h, t.orgA.id)}` }),
    foreign: async (h, t) => ({ path: `/members/${await newMember(h, t.orgB.id)}` }),
  },
});

describeRouteSecurity("invitations", {
  "/invitations": { method: "GET", allowed: ADMINS, status: 200, prepare: async () => ({ path: "/invitations" }) },
  "/invitations (create)": {
    method: "POST",
    allowed: ADMINS,
    status: 201,
    prepare: async () => ({ path: "/invitations", body: { email: `${randomName("invitee")}@example.test`, role: "viewer" } }),
    invalid: { body: { email: "not-an-address", role: "owner", expiresInDays: 99 }, paths: ["email", "role", "expiresInDays"] },
  },
  "/invitations/{id}": {
    method: "DELETE",
    allowed: ADMINS,
    status: 204,
    prepare: async (h, t) => ({ path: `/invitations/${(await createTestInvitation(h.db, { orgId: t.orgA.id })).row.id}` }),
    foreign: async (h, t) => ({ path: `/invitations/${(await createTestInvitation(h.db, { orgId: t.orgB.id })).row.id}` }),
  },
});

describeRouteSecurity("audit events", {
  "/audit-events": { method: "GET", allowed: EVERYONE, status: 200, prepare: async () => ({ path: "/audit-events" }) },
  "/audit-events/export": { method: "GET", allowed: EVERYONE, status: 200, prepare: async () => ({ path: "/audit-events/export?format=ndjson" }) },
});
