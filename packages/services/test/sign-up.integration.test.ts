// Sign-up answers alike whether or not the address has an account, refuses guessable passwords
// with the reason, and stores a password only once its confirmation link proved the address — so
// a stranger who signed up first with someone's address never gets to choose their password.
import { randomBytes } from "node:crypto";
import { createDb } from "@gatehouse/db";
import { testDatabaseUrl } from "@gatehouse/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { authenticatePassword, completeSignUp, registerUser } from "../src/index.ts";

const db = createDb(testDatabaseUrl(), { maxConnections: 4 });
afterAll(() => db.$disconnect());

const secrets = { encryptionKey: randomBytes(32) };
const deps = { db, requestId: "req_test", secrets };
const PASSWORD = "violet lantern orbit canyon";
const OTHER = "mallory picked this one";
const uniqueEmail = () => `signup-${randomBytes(5).toString("hex")}@example.test`;
const countFor = async (email: string) => ({
  users: await db.user.count({ where: { email } }),
  memberships: await db.membership.count({ where: { user: { email } } }),
});
/** What following the confirmation link does: Auth.js marks the address verified, then /sign-up/finish. */
async function confirm(email: string, pendingPassword: string | null) {
  const user = await db.user.update({ where: { email }, data: { emailVerified: new Date() } });
  return pendingPassword ? completeSignUp({ db, secrets }, { userId: user.id, pendingPassword }) : { passwordSet: false };
}
const signsIn = async (email: string, password: string) => (await authenticatePassword({ db }, { email, password })) !== null;

describe("registerUser", () => {
  it("refuses a guessable password at the password field, saying why, and makes nothing", async () => {
    const email = uniqueEmail();
    for (const [password, why] of [
      ["password123", /commonly used password/],
      ["aaaaaaaaaa", /Repeated characters/],
    ] as const) {
      const error = await registerUser(deps, { name: "Ada", email, password }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: "validation_failed", details: [{ path: "password", message: expect.stringMatching(why) }] });
    }
    expect(await countFor(email)).toEqual({ users: 0, memberships: 0 });
  });

  it("makes an unconfirmed account with its org and no password; the confirmation link sets the password", async () => {
    const email = uniqueEmail();
    const signUp = await registerUser(deps, { name: "Ada Lovelace", email, password: PASSWORD });
    expect(signUp.outcome).toBe("created");
    expect(await countFor(email)).toEqual({ users: 1, memberships: 1 });
    const membership = await db.membership.findFirstOrThrow({ where: { user: { email } }, include: { org: true, user: true } });
    expect(membership).toMatchObject({ role: "admin", org: { name: "Ada's organization" }, user: { passwordHash: null, emailVerified: null } });
    // The sealed password says nothing readable.
    expect(signUp.pendingPassword).not.toContain(email);
    expect(await signsIn(email, PASSWORD)).toBe(false);

    expect(await confirm(email, signUp.pendingPassword)).toEqual({ passwordSet: true });
    expect(await signsIn(email, PASSWORD)).toBe(true);
  });

  it("a stranger's earlier sign-up with the address never decides its password", async () => {
    const email = uniqueEmail();
    const stranger = await registerUser(deps, { name: "Mallory", email, password: OTHER });
    const owner = await registerUser(deps, { name: "Grace", email, password: PASSWORD });
    expect([stranger.outcome, owner.outcome]).toEqual(["created", "pending"]);
    expect(await countFor(email)).toEqual({ users: 1, memberships: 1 });

    // The owner follows their own link; the stranger's link (in the owner's inbox) then changes nothing.
    expect(await confirm(email, owner.pendingPassword)).toEqual({ passwordSet: true });
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(await completeSignUp({ db, secrets }, { userId: user.id, pendingPassword: stranger.pendingPassword ?? "" })).toEqual({ passwordSet: false });
    expect(await signsIn(email, PASSWORD)).toBe(true);
    expect(await signsIn(email, OTHER)).toBe(false);
  });

  it("signing up for a confirmed address changes nothing and carries no password", async () => {
    const email = uniqueEmail();
    await confirm(email, (await registerUser(deps, { name: "Linus", email, password: PASSWORD })).pendingPassword);
    expect(await registerUser(deps, { name: "Mallory", email: email.toUpperCase(), password: OTHER })).toEqual({ outcome: "exists", pendingPassword: null });
    expect(await countFor(email)).toEqual({ users: 1, memberships: 1 });
    expect(await db.user.findUniqueOrThrow({ where: { email } })).toMatchObject({ name: "Linus" });
    expect(await signsIn(email, OTHER)).toBe(false);
    expect(await signsIn(email, PASSWORD)).toBe(true);
  });

  it("a sealed password works only for its own address, before it expires, and only with the server's key", async () => {
    const email = uniqueEmail();
    const { pendingPassword } = await registerUser(deps, { name: "Ken", email, password: PASSWORD });
    const sealed = pendingPassword ?? "";
    const user = await db.user.update({ where: { email }, data: { emailVerified: new Date() } });

    const other = uniqueEmail();
    await registerUser(deps, { name: "Eve", email: other, password: OTHER });
    const otherUser = await db.user.update({ where: { email: other }, data: { emailVerified: new Date() } });
    expect(await completeSignUp({ db, secrets }, { userId: otherUser.id, pendingPassword: sealed })).toEqual({ passwordSet: false });

    const later = () => new Date(Date.now() + 2 * 60 * 60 * 1000);
    expect(await completeSignUp({ db, secrets, now: later }, { userId: user.id, pendingPassword: sealed })).toEqual({ passwordSet: false });
    expect(await completeSignUp({ db, secrets: { encryptionKey: randomBytes(32) } }, { userId: user.id, pendingPassword: sealed })).toEqual({ passwordSet: false });
    expect(await completeSignUp({ db, secrets }, { userId: user.id, pendingPassword: "v1.garbage" })).toEqual({ passwordSet: false });
    expect(await signsIn(email, PASSWORD)).toBe(false);

    expect(await completeSignUp({ db, secrets }, { userId: user.id, pendingPassword: sealed })).toEqual({ passwordSet: true });
    expect(await signsIn(email, PASSWORD)).toBe(true);
  });

  it("a sealed password does nothing before the address is confirmed", async () => {
    const email = uniqueEmail();
    const { pendingPassword } = await registerUser(deps, { name: "Ida", email, password: PASSWORD });
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(await completeSignUp({ db, secrets }, { userId: user.id, pendingPassword: pendingPassword ?? "" })).toEqual({ passwordSet: false });
  });
});
