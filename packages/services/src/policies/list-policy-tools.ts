// The tools the policy editor offers: the policy's server's discovered tools (not removed), with
// their input schema for the builder's path picker and the simulator's argument form.
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { getPolicyInOrg } from "./internal.ts";

export type PolicyTool = { name: string; description: string | null; inputSchema: unknown; riskLevel: string | null };

export async function listPolicyTools(ctx: ServiceContext, input: { policyId: string }): Promise<PolicyTool[]> {
  requirePermission(ctx, "read");
  const policy = await getPolicyInOrg(ctx, input.policyId);
  const rows = await ctx.db.tool.findMany({
    where: { orgId: ctx.orgId, serverId: policy.serverId, removedAt: null },
    select: { name: true, description: true, inputSchema: true, riskLevel: true },
    orderBy: { name: "asc" },
  });
  return rows.map((r) => ({ name: r.name, description: r.description, inputSchema: r.inputSchema, riskLevel: r.riskLevel }));
}
