// "This user in this org" → the membership with its user, or a 404 that cannot tell another org's
// member from a stranger (STYLE.md §2). Members are named by user id in the API.
import type { Tx } from "@gatehouse/db";
import { conflict } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { dbOf, found } from "../db-of.ts";

export const getMemberInOrg = (ctx: ServiceContext, userId: string) =>
  found(
    dbOf(ctx).membership.findFirst({
      where: { orgId: ctx.orgId, userId },
      include: { user: { select: { id: true, email: true, name: true } } },
    }),
    "Member",
  );

/**
 * Refuses to leave the org without an admin. The admins' rows are locked first, so two admins
 * demoting each other at the same moment cannot both succeed.
 */
export async function keepOneAdmin(tx: Tx, orgId: string, leavingUserId: string, message: string): Promise<void> {
  const admins = await tx.$queryRaw<{ userId: string }[]>`
    SELECT "userId" FROM "Membership" WHERE "orgId" = ${orgId} AND role = 'admin' FOR UPDATE`;
  if (admins.every((admin) => admin.userId === leavingUserId)) throw conflict(message);
}
