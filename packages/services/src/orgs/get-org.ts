// The caller's organization as the API shows it.
import type { OrgResponse } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { found } from "../db-of.ts";
import { requirePermission } from "../require-permission.ts";

export function presentOrg(row: { id: string; name: string; slug: string; createdAt: Date }): OrgResponse {
  return { id: row.id, name: row.name, slug: row.slug, createdAt: row.createdAt.toISOString() };
}

export async function getOrg(ctx: ServiceContext): Promise<OrgResponse> {
  requirePermission(ctx, "read");
  return presentOrg(await found(ctx.db.organization.findUnique({ where: { id: ctx.orgId } }), "Organization"));
}
