// Sign-up with email + password: the user, their first organization, and admin membership, at once.
import type { Db } from "@gatehouse/db";
import { SignUpInput } from "@gatehouse/shared";
import { conflictOnDuplicate } from "../conflict-on-duplicate.ts";
import { hashPassword } from "../crypto/password.ts";
import { createOrgWithAdmin } from "../orgs/create-org.ts";

export async function registerUser(deps: { db: Db; requestId: string }, input: SignUpInput) {
  const { name, email, password } = SignUpInput.parse(input);
  const passwordHash = await hashPassword(password);
  return conflictOnDuplicate("An account with this email already exists. Sign in instead.", () =>
    deps.db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { name, email, passwordHash } });
      const org = await createOrgWithAdmin(tx, { userId: user.id, userLabel: email, name: defaultOrgName(name), requestId: deps.requestId });
      return { user, org };
    }),
  );
}

export function defaultOrgName(nameOrEmail: string): string {
  const first = nameOrEmail.split(/[\s@]/)[0] || "My";
  return `${first}'s organization`;
}
