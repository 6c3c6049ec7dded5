// Renames the organization (the slug stays: it is in links people have saved).
import { type OrgResponse, UpdateOrgInput } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { transact } from "../transaction.ts";
import { presentOrg } from "./get-org.ts";

export async function updateOrg(ctx: ServiceContext, input: UpdateOrgInput): Promise<OrgResponse> {
  requirePermission(ctx, "org:manage");
  const data = UpdateOrgInput.parse(input);
  return transact(ctx, async (tx) => {
    const org = await tx.organization.update({ where: { id: ctx.orgId }, data: { ...(data.name ? { name: data.name } : {}) } });
    await recordAudit(ctx, tx, { action: "org.update", targetType: "org", targetId: org.id, data: { ...data } });
    return presentOrg(org);
  });
}
