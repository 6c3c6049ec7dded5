// POST /policies/{id}/versions/{number}/publish: makes an existing version the one proxies
// enforce. Publishing an earlier version than the published one is a rollback, audited as such.
// Versions are immutable: only which one is published changes.
import { PublishVersionInput, notFound } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import { refreshBundle } from "../bundles/refresh-bundle.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { transact } from "../transaction.ts";
import { lockPolicy } from "./create-policy-version.ts";
import { modeOf, presentVersion } from "./present-policy.ts";

export async function publishPolicyVersionNumber(ctx: ServiceContext, input: PublishVersionInput & { policyId: string; number: number }) {
  requirePermission(ctx, "policies:write");
  const data = PublishVersionInput.parse(input);
  const now = new Date();
  const version = await transact(ctx, async (tx) => {
    const policyId = await lockPolicy(tx, ctx.orgId, input.policyId, now);
    const target = await tx.policyVersion.findFirst({ where: { orgId: ctx.orgId, policyId, number: input.number } });
    if (!target) throw notFound(`Version ${input.number} of this policy`);
    const current = await tx.policyVersion.findFirst({ where: { orgId: ctx.orgId, policyId, status: "published" }, orderBy: { number: "desc" }, select: { number: true } });
    if (current?.number === target.number) return target; // already enforced: nothing changes, nothing to audit
    await tx.policyVersion.updateMany({ where: { orgId: ctx.orgId, policyId, status: "published" }, data: { status: "draft" } });
    const published = await tx.policyVersion.update({
      where: { id: target.id, orgId: ctx.orgId },
      data: { status: "published", publishedAt: now },
    });
    const rollback = current !== null && target.number < current.number;
    await recordAudit(ctx, tx, {
      action: rollback ? "policy.rollback" : "policy.publish",
      targetType: "policy",
      targetId: policyId,
      data: { versionId: target.id, number: target.number, previous: current?.number ?? null, mode: modeOf(target.document), ...(data.note ? { note: data.note } : {}) },
    });
    return published;
  });
  await refreshBundle(ctx);
  return presentVersion(version);
}
