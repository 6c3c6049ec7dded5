// Publishes a new version of a policy from a document: it becomes the version proxies enforce,
// and the version published before it goes back to `draft` (its `publishedAt` stays, as history).
// Versions are immutable; publishing never edits a document in place.
import { PublishPolicyVersionInput, newId, notFound } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import { refreshBundle } from "../bundles/refresh-bundle.ts";
import type { ServiceContext } from "../context.ts";
import { transact } from "../transaction.ts";
import { requirePermission } from "../require-permission.ts";
import { validatePolicyDocument } from "./create-policy.ts";

export async function publishPolicyVersion(ctx: ServiceContext, input: PublishPolicyVersionInput) {
  requirePermission(ctx, "policies:write");
  const data = PublishPolicyVersionInput.parse(input);
  const document = validatePolicyDocument(data.document);
  const now = new Date();
  const version = await transact(ctx, async (tx) => {
    // Touching the policy row locks it: two publishes of one policy take turns, so version
    // numbers never collide and exactly one version ends up published.
    const policy = await tx.policy
      .update({ where: { id: data.policyId, orgId: ctx.orgId }, data: { updatedAt: now }, select: { id: true } })
      .catch((error: unknown) => {
        if (isRecordNotFound(error)) throw notFound("Policy");
        throw error;
      });
    const last = await tx.policyVersion.findFirst({ where: { orgId: ctx.orgId, policyId: policy.id }, orderBy: { number: "desc" }, select: { number: true } });
    const superseded = await tx.policyVersion.updateMany({ where: { orgId: ctx.orgId, policyId: policy.id, status: "published" }, data: { status: "draft" } });
    const created = await tx.policyVersion.create({
      data: {
        id: newId("policyVersion"),
        orgId: ctx.orgId,
        policyId: policy.id,
        number: (last?.number ?? 0) + 1,
        document: document as object,
        status: "published",
        publishedAt: now,
        message: data.message ?? null,
        authorId: ctx.actor.type === "user" ? ctx.actor.userId : null,
      },
    });
    await recordAudit(ctx, tx, {
      action: "policy.publish",
      targetType: "policy",
      targetId: policy.id,
      data: { versionId: created.id, number: created.number, superseded: superseded.count },
    });
    return created;
  });
  await refreshBundle(ctx);
  return version;
}

/** Prisma's "record to update not found" (P2025). */
function isRecordNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2025";
}
