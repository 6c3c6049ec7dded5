// Email + password check for the Credentials provider. Spends the same scrypt time whether or not
// the email exists, so the response time does not reveal which emails have accounts. An account
// whose address was never confirmed (sign-up mails a link) is refused like a wrong password:
// anyone can sign up with any address, and a sign-in that worked would tell them it was free.
import type { Db } from "@gatehouse/db";
import { SignInInput } from "@gatehouse/shared";
import { dummyPasswordHash, verifyPassword } from "../crypto/password.ts";

export async function authenticatePassword(deps: { db: Db }, input: unknown) {
  const parsed = SignInInput.safeParse(input);
  if (!parsed.success) return null;
  const user = await deps.db.user.findUnique({ where: { email: parsed.data.email } });
  const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? (await dummyPasswordHash()));
  return ok && user?.passwordHash && user.emailVerified ? user : null;
}
