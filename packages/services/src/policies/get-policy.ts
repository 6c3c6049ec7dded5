// GET /policies/{id}: one policy with the documents of its published and latest versions.
import type { PolicyDetailResponse } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { dbOf, found } from "../db-of.ts";
import { requirePermission } from "../require-permission.ts";
import { POLICY_SELECT, headVersions } from "./list-policies.ts";
import { presentPolicy, presentVersion } from "./present-policy.ts";

export async function getPolicy(ctx: ServiceContext, input: { policyId: string }): Promise<PolicyDetailResponse> {
  requirePermission(ctx, "read");
  const row = await found(dbOf(ctx).policy.findFirst({ where: { id: input.policyId, orgId: ctx.orgId }, select: POLICY_SELECT }), "Policy");
  const { published, latest } = await headVersions(dbOf(ctx), ctx.orgId, [row.id]);
  const pub = published.get(row.id) ?? null;
  const last = latest.get(row.id) ?? null;
  return { ...presentPolicy(row, pub, last), published: pub ? presentVersion(pub) : null, latest: last ? presentVersion(last) : null };
}
