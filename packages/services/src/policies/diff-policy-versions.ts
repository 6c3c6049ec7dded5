// GET /policies/{id}/diff?from=&to=: the structural diff of two versions of one policy.
import { type PolicyDiffResponse, diffDocuments } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { getPolicyInOrg } from "./internal.ts";
import { getVersionByNumber } from "./list-policy-versions.ts";
import { presentVersion } from "./present-policy.ts";

export async function diffPolicyVersions(ctx: ServiceContext, input: { policyId: string; from: number; to: number }): Promise<PolicyDiffResponse> {
  requirePermission(ctx, "read");
  const policy = await getPolicyInOrg(ctx, input.policyId);
  const [from, to] = await Promise.all([getVersionByNumber(ctx, policy.id, input.from), getVersionByNumber(ctx, policy.id, input.to)]);
  return { from: presentVersion(from), to: presentVersion(to), changes: diffDocuments(from.document, to.document) };
}
