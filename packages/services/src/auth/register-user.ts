// Sign-up with email + password: the user, their first organization, and admin membership, at once.
//
// The answer must not reveal whether the email already has an account (sign-in does not either),
// so sign-up never signs anyone in: every outcome ends in a mail to the address, and only its
// owner learns which case it was. The caller sends that mail; `outcome` picks its wording.
//   created — a new, unconfirmed account; the mail's link confirms the address and signs in.
//   pending — an unconfirmed account already exists; its first password stays (a later sign-up
//             must not replace it), the mail confirms it again.
//   exists  — a confirmed account exists; nothing changes, the mail tells its owner and offers a
//             sign-in link.
// Password sign-in refuses unconfirmed accounts (authenticate-password.ts), so a stranger cannot
// learn from a sign-in with the password they chose whether the address was free.
import type { Db } from "@gatehouse/db";
import { isUniqueViolation } from "@gatehouse/db";
import { SignUpInput, validationFailed } from "@gatehouse/shared";
import { hashPassword } from "../crypto/password.ts";
import { createOrgWithAdmin } from "../orgs/create-org.ts";
import { passwordWeakness } from "./password-strength.ts";

export type SignUpOutcome = "created" | "pending" | "exists";

export async function registerUser(deps: { db: Db; requestId: string }, input: SignUpInput): Promise<{ outcome: SignUpOutcome }> {
  const { name, email, password } = SignUpInput.parse(input);
  // Checked before looking the email up, so a weak password gets the same answer either way.
  const weakness = passwordWeakness(password, [name, email]);
  if (weakness) throw validationFailed("Choose a stronger password.", [{ path: "password", message: weakness }]);
  // Hashed in every case, so the time taken does not tell the cases apart either.
  const passwordHash = await hashPassword(password);
  const existing = await deps.db.user.findUnique({ where: { email }, select: { emailVerified: true } });
  if (existing) return { outcome: existing.emailVerified ? "exists" : "pending" };
  try {
    await deps.db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { name, email, passwordHash } });
      await createOrgWithAdmin(tx, { userId: user.id, userLabel: email, name: defaultOrgName(name), requestId: deps.requestId });
    });
  } catch (error) {
    // Two sign-ups for one address at once: the other one made the account.
    if (isUniqueViolation(error)) return { outcome: "pending" };
    throw error;
  }
  return { outcome: "created" };
}

/**
 * A sign-in link was asked for from the sign-in page: if the account was never confirmed, drop the
 * password its sign-up set. Whoever signed up may not own the address (anyone can type it); the
 * owner who confirms through a plain sign-in link must not inherit a stranger's password.
 */
export async function forgetUnconfirmedPassword(deps: { db: Db }, email: string): Promise<void> {
  await deps.db.user.updateMany({ where: { email, emailVerified: null, passwordHash: { not: null } }, data: { passwordHash: null } });
}

export function defaultOrgName(nameOrEmail: string): string {
  const first = nameOrEmail.split(/[\s@]/)[0] || "My";
  return `${first}'s organization`;
}
