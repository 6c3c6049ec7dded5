// First sign-in through a magic link or OIDC creates the user's organization, as sign-up does —
// unless someone invited the address: they came to join that org (the invitation page).
import type { Db } from "@gatehouse/db";
import { defaultOrgName } from "../auth/register-user.ts";
import { hasPendingInvitation } from "../invitations/accept-invitation.ts";
import { createOrgWithAdmin } from "./create-org.ts";

export async function ensureFirstOrg(deps: { db: Db; requestId: string }, user: { id: string; email: string; name?: string | null }) {
  return deps.db.$transaction(async (tx) => {
    // Serialize concurrent first sign-ins of one user (two tabs): lock the user row.
    await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${user.id} FOR UPDATE`;
    const existing = await tx.membership.findFirst({ where: { userId: user.id } });
    if (existing) return null;
    if (await hasPendingInvitation({ db: deps.db }, user.email)) return null;
    return createOrgWithAdmin(tx, { userId: user.id, userLabel: user.email, name: defaultOrgName(user.name || user.email), requestId: deps.requestId });
  });
}
