// Sign-up answers alike whether or not the address has an account, refuses guessable passwords
// with the reason, and never lets an unconfirmed sign-up's password sign anyone in.
import { randomBytes } from "node:crypto";
import { createDb } from "@gatehouse/db";
import { testDatabaseUrl } from "@gatehouse/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { authenticatePassword, forgetUnconfirmedPassword, registerUser } from "../src/index.ts";

const db = createDb(testDatabaseUrl(), { maxConnections: 4 });
afterAll(() => db.$disconnect());

const deps = { db, requestId: "req_test" };
const PASSWORD = "violet lantern orbit canyon";
const uniqueEmail = () => `signup-${randomBytes(5).toString("hex")}@example.test`;
const confirm = (email: string) => db.user.update({ where: { email }, data: { emailVerified: new Date() } });
const countFor = async (email: string) => ({
  users: await db.user.count({ where: { email } }),
  memberships: await db.membership.count({ where: { user: { email } } }),
});

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

  it("makes an unconfirmed account with its org; its password works only once the address is confirmed", async () => {
    const email = uniqueEmail();
    expect(await registerUser(deps, { name: "Ada Lovelace", email, password: PASSWORD })).toEqual({ outcome: "created" });
    expect(await countFor(email)).toEqual({ users: 1, memberships: 1 });
    const membership = await db.membership.findFirstOrThrow({ where: { user: { email } }, include: { org: true } });
    expect(membership).toMatchObject({ role: "admin", org: { name: "Ada's organization" } });

    expect(await authenticatePassword({ db }, { email, password: PASSWORD })).toBeNull();
    await confirm(email);
    expect(await authenticatePassword({ db }, { email, password: PASSWORD })).toMatchObject({ email });
  });

  it("a second sign-up for an address changes nothing, confirmed or not, and reports which mail to send", async () => {
    const email = uniqueEmail();
    await registerUser(deps, { name: "Grace", email, password: PASSWORD });
    expect(await registerUser(deps, { name: "Mallory", email, password: "mallory picked this one" })).toEqual({ outcome: "pending" });
    await confirm(email);
    expect(await registerUser(deps, { name: "Mallory", email: email.toUpperCase(), password: "mallory picked this one" })).toEqual({ outcome: "exists" });

    expect(await countFor(email)).toEqual({ users: 1, memberships: 1 });
    expect(await db.user.findUniqueOrThrow({ where: { email } })).toMatchObject({ name: "Grace" });
    expect(await authenticatePassword({ db }, { email, password: "mallory picked this one" })).toBeNull();
    expect(await authenticatePassword({ db }, { email, password: PASSWORD })).toMatchObject({ email });
  });

  it("a sign-in link asked for an unconfirmed address drops the password its sign-up set, not a confirmed one's", async () => {
    const stranger = uniqueEmail();
    await registerUser(deps, { name: "Mallory", email: stranger, password: PASSWORD });
    await forgetUnconfirmedPassword({ db }, stranger);
    await confirm(stranger);
    expect(await authenticatePassword({ db }, { email: stranger, password: PASSWORD })).toBeNull();

    const owner = uniqueEmail();
    await registerUser(deps, { name: "Ada", email: owner, password: PASSWORD });
    await confirm(owner);
    await forgetUnconfirmedPassword({ db }, owner);
    expect(await authenticatePassword({ db }, { email: owner, password: PASSWORD })).toMatchObject({ email: owner });
  });
});
