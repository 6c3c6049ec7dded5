// The org's policies, newest first, with their server, published and latest version (API.md:
// GET /policies?serverId=).
import type { DbOrTx } from "@gatehouse/db";
import { PageQuery } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { NEWEST_FIRST, afterCursor, decodeCursor, toPage } from "../pagination.ts";
import { requirePermission } from "../require-permission.ts";
import { type PolicyRow, VERSION_SUMMARY_SELECT, type VersionRow, presentPolicy } from "./present-policy.ts";

export type ListPoliciesInput = PageQuery & { serverId?: string | undefined };

export async function listPolicies(ctx: ServiceContext, input: ListPoliciesInput = {}) {
  requirePermission(ctx, "read");
  const { limit, cursor } = PageQuery.parse(input);
  const rows = await ctx.db.policy.findMany({
    where: { orgId: ctx.orgId, ...(input.serverId ? { serverId: input.serverId } : {}), ...afterCursor(decodeCursor(cursor)) },
    select: POLICY_SELECT,
    orderBy: NEWEST_FIRST,
    take: limit + 1,
  });
  const versions = await headVersions(ctx.db, ctx.orgId, rows.map((r) => r.id));
  return toPage(rows, limit, (row) => presentPolicy(row, versions.published.get(row.id) ?? null, versions.latest.get(row.id) ?? null));
}

export const POLICY_SELECT = {
  id: true,
  name: true,
  description: true,
  createdAt: true,
  updatedAt: true,
  server: { select: { id: true, name: true } },
  _count: { select: { versions: true, grants: true } },
} as const;

/** Each policy's published version and its latest version (highest number), by policy id. */
export async function headVersions(db: DbOrTx, orgId: string, policyIds: string[]) {
  const published = new Map<string, VersionRow>();
  const latest = new Map<string, VersionRow>();
  if (policyIds.length === 0) return { published, latest };
  const [pub, last] = await Promise.all([
    db.policyVersion.findMany({ where: { orgId, policyId: { in: policyIds }, status: "published" }, select: VERSION_SUMMARY_SELECT, orderBy: { number: "desc" } }),
    db.policyVersion.findMany({
      where: { orgId, policyId: { in: policyIds } },
      select: VERSION_SUMMARY_SELECT,
      orderBy: [{ policyId: "asc" }, { number: "desc" }],
      distinct: ["policyId"],
    }),
  ]);
  for (const v of pub) if (!published.has(v.policyId)) published.set(v.policyId, v);
  for (const v of last) latest.set(v.policyId, v);
  return { published, latest };
}

export type { PolicyRow };
