// PATCH /policies/{id}: rename or describe a policy. Its versions are untouched.
import { UpdatePolicyInput } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import { conflictOnDuplicate } from "../conflict-on-duplicate.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { transact } from "../transaction.ts";
import { getPolicy } from "./get-policy.ts";
import { lockPolicy } from "./create-policy-version.ts";

export async function updatePolicy(ctx: ServiceContext, input: UpdatePolicyInput & { policyId: string }) {
  requirePermission(ctx, "policies:write");
  const data = UpdatePolicyInput.parse(input);
  await conflictOnDuplicate(`This server already has a policy named "${data.name}".`, () =>
    transact(ctx, async (tx) => {
      const policyId = await lockPolicy(tx, ctx.orgId, input.policyId, new Date());
      await tx.policy.update({
        where: { id: policyId, orgId: ctx.orgId },
        data: { ...(data.name !== undefined ? { name: data.name } : {}), ...(data.description !== undefined ? { description: data.description } : {}) },
      });
      await recordAudit(ctx, tx, { action: "policy.update", targetType: "policy", targetId: policyId, data: { ...data } });
    }),
  );
  return getPolicy(ctx, { policyId: input.policyId });
}
