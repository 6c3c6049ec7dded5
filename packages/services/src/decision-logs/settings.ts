// The org's decision-log settings: how many days rows are kept (the retention job enforces it).
import { type DecisionLogSettingsResponse, UpdateDecisionLogSettingsInput } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { found } from "../db-of.ts";
import { requirePermission } from "../require-permission.ts";
import { transact } from "../transaction.ts";

export async function getDecisionLogSettings(ctx: ServiceContext): Promise<DecisionLogSettingsResponse> {
  requirePermission(ctx, "read");
  const org = await found(ctx.db.organization.findUnique({ where: { id: ctx.orgId }, select: { decisionLogRetentionDays: true } }), "Organization");
  return { retentionDays: org.decisionLogRetentionDays };
}

export async function updateDecisionLogSettings(ctx: ServiceContext, input: UpdateDecisionLogSettingsInput): Promise<DecisionLogSettingsResponse> {
  requirePermission(ctx, "org:manage");
  const data = UpdateDecisionLogSettingsInput.parse(input);
  return transact(ctx, async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { decisionLogRetentionDays: true } });
    const org = await tx.organization.update({ where: { id: ctx.orgId }, data: { decisionLogRetentionDays: data.retentionDays }, select: { decisionLogRetentionDays: true } });
    await recordAudit(ctx, tx, {
      action: "decision_logs.settings.update",
      targetType: "org",
      targetId: ctx.orgId,
      data: { retentionDays: { from: before.decisionLogRetentionDays, to: org.decisionLogRetentionDays } },
    });
    return { retentionDays: org.decisionLogRetentionDays };
  });
}
