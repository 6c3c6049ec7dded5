// The end of sign-up: the confirmation link has signed the user in (so the address is proved), and
// brings back the password sign-up sealed into it (register-user.ts). It is stored only if it was
// sealed for this user's address, has not expired, and the account has no password yet — a later
// or stranger's link never replaces one.
import type { Db } from "@gatehouse/db";
import { decryptText } from "@gatehouse/shared/node";
import { z } from "zod";
import type { SecretsConfig } from "../context.ts";

const Sealed = z.object({ purpose: z.literal("sign-up-password"), email: z.string(), passwordHash: z.string().min(1), expiresAt: z.number() });

export async function completeSignUp(
  deps: { db: Db; secrets: SecretsConfig; now?: () => Date },
  input: { userId: string; pendingPassword: string },
): Promise<{ passwordSet: boolean }> {
  let sealed: z.infer<typeof Sealed>;
  try {
    sealed = Sealed.parse(JSON.parse(decryptText(deps.secrets.encryptionKey, input.pendingPassword)));
  } catch {
    return { passwordSet: false };
  }
  if (sealed.expiresAt < (deps.now?.() ?? new Date()).getTime()) return { passwordSet: false };
  const updated = await deps.db.user.updateMany({
    where: { id: input.userId, email: sealed.email, emailVerified: { not: null }, passwordHash: null },
    data: { passwordHash: sealed.passwordHash },
  });
  return { passwordSet: updated.count === 1 };
}
