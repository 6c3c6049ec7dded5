// The org's policies with their server and the number of the currently published version.
import { ListQueryInput } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";

export async function listPolicies(ctx: ServiceContext, input: ListQueryInput = {}) {
  requirePermission(ctx, "read");
  const { limit } = ListQueryInput.parse(input);
  const rows = await ctx.db.policy.findMany({
    where: { orgId: ctx.orgId },
    select: {
      id: true,
      name: true,
      description: true,
      createdAt: true,
      updatedAt: true,
      server: { select: { id: true, name: true } },
      versions: {
        where: { orgId: ctx.orgId, status: "published" },
        select: { number: true, publishedAt: true },
        orderBy: { number: "desc" },
        take: 1,
      },
      _count: { select: { versions: true, grants: true } },
    },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
  return rows.map(({ versions, _count, ...policy }) => ({
    ...policy,
    publishedVersion: versions[0] ?? null,
    versionCount: _count.versions,
    grantCount: _count.grants,
  }));
}
