// The current organization and its members, for the Settings page.
import { notFound } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";

export async function getOrgSettings(ctx: ServiceContext) {
  requirePermission(ctx, "read");
  const org = await ctx.db.organization.findUnique({
    where: { id: ctx.orgId },
    select: {
      id: true,
      name: true,
      slug: true,
      createdAt: true,
      memberships: {
        where: { orgId: ctx.orgId },
        select: { id: true, role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  if (!org) throw notFound("Organization");
  return org;
}
