// GET /policies/{id}/versions: every version of a policy, newest (highest number) first.
import { PageQuery, notFound } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { NEWEST_FIRST, afterCursor, decodeCursor, toPage } from "../pagination.ts";
import { requirePermission } from "../require-permission.ts";
import { getPolicyInOrg } from "./internal.ts";
import { VERSION_SUMMARY_SELECT, presentVersionSummary } from "./present-policy.ts";

export async function listPolicyVersions(ctx: ServiceContext, input: PageQuery & { policyId: string }) {
  requirePermission(ctx, "read");
  const { limit, cursor } = PageQuery.parse(input);
  const policy = await getPolicyInOrg(ctx, input.policyId);
  // Versions are written one at a time in number order (publish locks the policy row), so
  // (createdAt, id) keyset paging is also highest number first.
  const rows = await ctx.db.policyVersion.findMany({
    where: { orgId: ctx.orgId, policyId: policy.id, ...afterCursor(decodeCursor(cursor)) },
    select: VERSION_SUMMARY_SELECT,
    orderBy: NEWEST_FIRST,
    take: limit + 1,
  });
  return toPage(rows, limit, presentVersionSummary);
}

/** One version by number, or 404. */
export async function getVersionByNumber(ctx: ServiceContext, policyId: string, number: number) {
  const row = await ctx.db.policyVersion.findFirst({ where: { orgId: ctx.orgId, policyId, number }, select: VERSION_SUMMARY_SELECT });
  if (!row) throw notFound(`Version ${number} of this policy`);
  return row;
}
