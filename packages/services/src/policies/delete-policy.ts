// DELETE /policies/{id}: removes a policy and its versions. Refused (409) while a grant uses it:
// detaching it would silently turn those grants into deny-all.
import { conflict } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import { refreshBundle } from "../bundles/refresh-bundle.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { transact } from "../transaction.ts";
import { lockPolicy } from "./create-policy-version.ts";

export async function deletePolicy(ctx: ServiceContext, input: { policyId: string }) {
  requirePermission(ctx, "policies:write");
  await transact(ctx, async (tx) => {
    const policyId = await lockPolicy(tx, ctx.orgId, input.policyId, new Date());
    const grants = await tx.grant.count({ where: { orgId: ctx.orgId, policyId } });
    if (grants > 0) throw conflict(`${grants} grant(s) use this policy. Attach another policy to them first.`);
    const policy = await tx.policy.delete({ where: { id: policyId, orgId: ctx.orgId } });
    await recordAudit(ctx, tx, { action: "policy.delete", targetType: "policy", targetId: policyId, data: { name: policy.name } });
  });
  await refreshBundle(ctx);
}
