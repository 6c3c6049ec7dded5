// Members and invitations over real HTTP: roles change and members leave, never the last admin;
// an invitation is mailed through the mailbox, never shows its link in a response, and is accepted
// only by someone signed in as the invited address.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestOrg, createTestUser, randomName } from "@gatehouse/db/testing";
import { acceptInvitation, ensureFirstOrg, previewInvitation } from "@gatehouse/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMailbox } from "../../src/server/dev-mailbox";
import { devMailboxMailer } from "../../src/server/mailer";
import { type ApiHarness, signedInMember, startApi } from "./support/api-harness";
import { createTestInvitation } from "./support/invitations";

let h: ApiHarness;
let mailbox: string;

beforeAll(async () => {
  mailbox = await mkdtemp(path.join(tmpdir(), "gatehouse-mailbox-"));
  h = await startApi({ mailer: devMailboxMailer(mailbox) });
});
afterAll(async () => {
  await h?.close();
  await rm(mailbox, { recursive: true, force: true });
});

const accept = (token: string, userId: string) => acceptInvitation({ db: h.db, requestId: "req_test_accept" }, { token, userId });

describe("members", () => {
  it("lists members with their roles; an admin changes a role, audited", async () => {
    const org = await createTestOrg(h.db);
    const admin = await signedInMember(h.db, org.id, "admin");
    const viewer = await signedInMember(h.db, org.id, "viewer");

    const listed = await h.call("GET", "/members", { cookie: viewer.cookie });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((m: { email: string; role: string }) => [m.email, m.role]).sort()).toEqual(
      [
        [admin.email, "admin"],
        [viewer.email, "viewer"],
      ].sort(),
    );

    const changed = await h.call("PATCH", `/members/${viewer.userId}`, { cookie: admin.cookie, body: { role: "approver" } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ userId: viewer.userId, email: viewer.email, role: "approver" });
    expect((await h.call("GET", "/me", { cookie: viewer.cookie })).body.role).toBe("approver");

    const audit = await h.db.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "member.update_role" } });
    expect(audit).toMatchObject({ actorId: admin.userId, targetId: viewer.userId, data: { email: viewer.email, from: "viewer", to: "approver" } });
  });

  it("never leaves the org without an admin: the last one can be neither demoted nor removed", async () => {
    const org = await createTestOrg(h.db);
    const first = await signedInMember(h.db, org.id, "admin");

    const demote = await h.call("PATCH", `/members/${first.userId}`, { cookie: first.cookie, body: { role: "viewer" } });
    expect(demote.status).toBe(409);
    expect(demote.body.error.message).toMatch(/last admin/);
    expect((await h.call("DELETE", `/members/${first.userId}`, { cookie: first.cookie })).status).toBe(409);
    expect((await h.db.membership.findFirstOrThrow({ where: { orgId: org.id, userId: first.userId } })).role).toBe("admin");

    // With a second admin the first may step down; then the second is the last one.
    const second = await signedInMember(h.db, org.id, "admin");
    expect((await h.call("PATCH", `/members/${first.userId}`, { cookie: first.cookie, body: { role: "viewer" } })).status).toBe(200);
    expect((await h.call("PATCH", `/members/${second.userId}`, { cookie: second.cookie, body: { role: "policy_manager" } })).status).toBe(409);
  });

  it("two admins demoting each other at once leave one admin", async () => {
    const org = await createTestOrg(h.db);
    const a = await signedInMember(h.db, org.id, "admin");
    const b = await signedInMember(h.db, org.id, "admin");
    const [ab, ba] = await Promise.all([
      h.call("PATCH", `/members/${b.userId}`, { cookie: a.cookie, body: { role: "viewer" } }),
      h.call("PATCH", `/members/${a.userId}`, { cookie: b.cookie, body: { role: "viewer" } }),
    ]);
    // Exactly one wins. The other is refused either as the last admin (409) or, when the
    // winner committed before the loser's request was authorized, as no longer an admin (403).
    const statuses = [ab.status, ba.status];
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect([403, 409]).toContain(statuses.find((s) => s !== 200));
    expect(await h.db.membership.count({ where: { orgId: org.id, role: "admin" } })).toBe(1);
  });

  it("a removed member is refused at their next request", async () => {
    const org = await createTestOrg(h.db);
    const admin = await signedInMember(h.db, org.id, "admin");
    const leaving = await signedInMember(h.db, org.id, "policy_manager");
    expect((await h.call("GET", "/org", { cookie: leaving.cookie })).status).toBe(200);
    expect((await h.call("DELETE", `/members/${leaving.userId}`, { cookie: admin.cookie })).status).toBe(204);
    expect((await h.call("GET", "/org", { cookie: leaving.cookie })).status).toBe(403);
    expect((await h.call("DELETE", `/members/${leaving.userId}`, { cookie: admin.cookie })).status).toBe(404);
    expect(await h.db.auditEvent.count({ where: { orgId: org.id, action: "member.remove", targetId: leaving.userId } })).toBe(1);
  });
});

describe("invitations", () => {
  it("mails the link, never returns it, and lets only the invited address accept it once", async () => {
    const org = await createTestOrg(h.db, { name: randomName("Acme") });
    const admin = await signedInMember(h.db, org.id, "admin");
    const email = `${randomName("invitee")}@example.test`;

    const created = await h.call("POST", "/invitations", { cookie: admin.cookie, body: { email: email.toUpperCase(), role: "viewer" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email, role: "viewer", status: "pending", emailSent: true, invitedBy: admin.userId });
    expect(created.text).not.toMatch(/gthi_|token|hash/i);

    const mail = (await readMailbox(mailbox)).find((m) => m.to === email);
    expect(mail?.subject).toBe(`Join ${org.name} on Gatehouse`);
    const link = new URL(mail?.url ?? "");
    expect(link.origin).toBe("http://localhost:3000");
    const token = link.pathname.replace("/invitations/", "");
    expect(token).toMatch(/^gthi_/);
    const row = await h.db.invitation.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.tokenHash).not.toContain(token);
    const audit = await h.db.auditEvent.findMany({ where: { orgId: org.id, targetId: created.body.id } });
    expect(JSON.stringify(audit)).not.toContain(token);
    expect(JSON.stringify(audit)).not.toContain(row.tokenHash);

    expect(await previewInvitation(h, token)).toMatchObject({ orgId: org.id, orgName: org.name, email, role: "viewer", status: "pending" });

    const stranger = await createTestUser(h.db);
    await expect(accept(token, stranger.id)).rejects.toMatchObject({ code: "forbidden" });

    const invitee = await createTestUser(h.db, { email });
    expect(await accept(token, invitee.id)).toEqual({ orgId: org.id, role: "viewer" });
    expect(await h.db.membership.findFirst({ where: { orgId: org.id, userId: invitee.id } })).toMatchObject({ role: "viewer" });
    await expect(accept(token, invitee.id)).rejects.toMatchObject({ code: "conflict" });
    expect(await h.db.auditEvent.count({ where: { orgId: org.id, action: "invitation.accept", actorId: invitee.id } })).toBe(1);

    const listed = await h.call("GET", "/invitations?status=accepted", { cookie: admin.cookie });
    expect(listed.body.data.map((i: { id: string }) => i.id)).toEqual([created.body.id]);
    // A member cannot be invited again.
    expect((await h.call("POST", "/invitations", { cookie: admin.cookie, body: { email, role: "admin" } })).status).toBe(409);
  });

  it("inviting an address again replaces its pending link; withdrawn and expired links are refused", async () => {
    const org = await createTestOrg(h.db);
    const admin = await signedInMember(h.db, org.id, "admin");
    const email = `${randomName("again")}@example.test`;
    const old = await createTestInvitation(h.db, { orgId: org.id, email });
    const again = await h.call("POST", "/invitations", { cookie: admin.cookie, body: { email, role: "approver", expiresInDays: 2 } });
    expect(again.status).toBe(201);
    expect((await previewInvitation(h, old.token))?.status).toBe("revoked");
    const pending = await h.call("GET", "/invitations?status=pending", { cookie: admin.cookie });
    expect(pending.body.data).toEqual([expect.objectContaining({ id: again.body.id, role: "approver" })]);
    expect(new Date(again.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(86_400_000);

    const user = await createTestUser(h.db, { email });
    await expect(accept(old.token, user.id)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/withdrawn/) });

    expect((await h.call("DELETE", `/invitations/${again.body.id}`, { cookie: admin.cookie })).status).toBe(204);
    expect((await h.call("GET", "/invitations?status=revoked", { cookie: admin.cookie })).body.data).toHaveLength(2);

    const expired = await createTestInvitation(h.db, { orgId: org.id, email, expiresAt: new Date(Date.now() - 1000) });
    await expect(accept(expired.token, user.id)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/expired/) });
    expect(await h.db.membership.count({ where: { orgId: org.id, userId: user.id } })).toBe(0);
    await expect(accept("gthi_made-up", user.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("a first sign-in with an invited address makes no organization of its own", async () => {
    const org = await createTestOrg(h.db);
    const { row } = await createTestInvitation(h.db, { orgId: org.id });
    const invitee = await createTestUser(h.db, { email: row.email });
    expect(await ensureFirstOrg({ db: h.db, requestId: "req_test" }, invitee)).toBeNull();
    expect(await h.db.membership.count({ where: { userId: invitee.id } })).toBe(0);

    const uninvited = await createTestUser(h.db);
    expect(await ensureFirstOrg({ db: h.db, requestId: "req_test" }, uninvited)).not.toBeNull();
  });

  it("still creates the invitation when no mail transport exists, and says it was not sent", async () => {
    const bare = await startApi();
    try {
      const org = await createTestOrg(bare.db);
      const admin = await signedInMember(bare.db, org.id, "admin");
      const res = await bare.call("POST", "/invitations", { cookie: admin.cookie, body: { email: `${randomName("nomail")}@example.test`, role: "viewer" } });
      expect(res.status).toBe(201);
      expect(res.body.emailSent).toBe(false);
    } finally {
      await bare.close();
    }
  });
});
