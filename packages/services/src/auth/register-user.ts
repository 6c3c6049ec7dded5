// Sign-up with email + password: the user, their first organization, and admin membership, at once.
//
// The answer must not reveal whether the email already has an account (sign-in does not either),
// so sign-up never signs anyone in: every outcome ends in a mail to the address, and only its
// owner learns which case it was (docs/adr/0007). The caller sends that mail; `outcome` picks its
// wording.
//   created — a new, unconfirmed account without a password; the mail's link confirms the address
//             and signs in.
//   pending — an unconfirmed account already exists; the mail confirms it.
//   exists  — a confirmed account exists; nothing changes, the mail tells its owner and offers a
//             sign-in link.
// The password is never stored for an unconfirmed address: anyone can type any address, and the
// owner who confirms must not inherit a stranger's password. Instead `pendingPassword` (the hash,
// sealed with the server's key, naming the address and an expiry) rides in the confirmation link,
// and completeSignUp stores it once that link has proved the address.
import type { Db } from "@gatehouse/db";
import { isUniqueViolation } from "@gatehouse/db";
import { SignUpInput, validationFailed } from "@gatehouse/shared";
import { encryptText } from "@gatehouse/shared/node";
import type { SecretsConfig } from "../context.ts";
import { hashPassword } from "../crypto/password.ts";
import { createOrgWithAdmin } from "../orgs/create-org.ts";
import { passwordWeakness } from "./password-strength.ts";

export type SignUpOutcome = "created" | "pending" | "exists";

/** How long a sealed sign-up password is good for: the confirmation link's lifetime. */
export const PENDING_PASSWORD_TTL_MS = 60 * 60 * 1000;

export type SignUpDeps = { db: Db; requestId: string; secrets: SecretsConfig; now?: () => Date };

export async function registerUser(deps: SignUpDeps, input: SignUpInput): Promise<{ outcome: SignUpOutcome; pendingPassword: string | null }> {
  const { name, email, password } = SignUpInput.parse(input);
  // Checked before looking the email up, so a weak password gets the same answer either way.
  const weakness = passwordWeakness(password, [name, email]);
  if (weakness) throw validationFailed("Choose a stronger password.", [{ path: "password", message: weakness }]);
  // Hashed in every case, so the time taken does not tell the cases apart either.
  const passwordHash = await hashPassword(password);
  const now = deps.now?.() ?? new Date();
  const pendingPassword = encryptText(
    deps.secrets.encryptionKey,
    JSON.stringify({ purpose: "sign-up-password", email, passwordHash, expiresAt: now.getTime() + PENDING_PASSWORD_TTL_MS }),
  );
  const existing = await deps.db.user.findUnique({ where: { email }, select: { emailVerified: true } });
  if (existing) return existing.emailVerified ? { outcome: "exists", pendingPassword: null } : { outcome: "pending", pendingPassword };
  try {
    await deps.db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { name, email } });
      await createOrgWithAdmin(tx, { userId: user.id, userLabel: email, name: defaultOrgName(name), requestId: deps.requestId });
    });
  } catch (error) {
    // Two sign-ups for one address at once: the other one made the account.
    if (isUniqueViolation(error)) return { outcome: "pending", pendingPassword };
    throw error;
  }
  return { outcome: "created", pendingPassword };
}

export function defaultOrgName(nameOrEmail: string): string {
  const first = nameOrEmail.split(/[\s@]/)[0] || "My";
  return `${first}'s organization`;
}
