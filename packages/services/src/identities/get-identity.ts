// One identity with its grants across servers (the identity page).
import type { IdentityDetailResponse } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { dbOf, found } from "../db-of.ts";
import { grantSelect, presentGrant } from "../grants/present-grant.ts";
import { requirePermission } from "../require-permission.ts";
import { lastUsedByIdentity } from "./last-used.ts";
import { identityCounts, presentIdentity } from "./present-identity.ts";

export async function getIdentity(ctx: ServiceContext, input: { identityId: string }): Promise<IdentityDetailResponse> {
  requirePermission(ctx, "read");
  const db = dbOf(ctx);
  const row = await found(
    db.identity.findFirst({
      where: { id: input.identityId, orgId: ctx.orgId },
      include: { _count: identityCounts(new Date()), grants: { where: { orgId: ctx.orgId }, select: grantSelect, orderBy: { createdAt: "desc" } } },
    }),
    "Identity",
  );
  const lastUsed = await lastUsedByIdentity(db, ctx.orgId, [row.id]);
  return { ...presentIdentity(row, lastUsed.get(row.id) ?? null), grants: row.grants.map(presentGrant) };
}
