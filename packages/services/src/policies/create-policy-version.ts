// POST /policies/{id}/versions: a new immutable version from a document — a draft, or published
// at once. An invalid document is refused with every error and its path; nothing is written.
import { CreatePolicyVersionInput, newId, notFound } from "@gatehouse/shared";
import type { Tx } from "@gatehouse/db";
import { recordAudit } from "../audit/record-audit.ts";
import { refreshBundle } from "../bundles/refresh-bundle.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { transact } from "../transaction.ts";
import { validatePolicyDocument } from "./create-policy.ts";
import { modeOf, presentVersion } from "./present-policy.ts";

export async function createPolicyVersion(ctx: ServiceContext, input: CreatePolicyVersionInput & { policyId: string }) {
  requirePermission(ctx, "policies:write");
  const data = CreatePolicyVersionInput.parse(input);
  const document = validatePolicyDocument(data.document);
  const now = new Date();
  const version = await transact(ctx, async (tx) => {
    const policyId = await lockPolicy(tx, ctx.orgId, input.policyId, now);
    const last = await tx.policyVersion.findFirst({ where: { orgId: ctx.orgId, policyId }, orderBy: { number: "desc" }, select: { number: true } });
    const superseded = data.publish
      ? (await tx.policyVersion.updateMany({ where: { orgId: ctx.orgId, policyId, status: "published" }, data: { status: "draft" } })).count
      : 0;
    const created = await tx.policyVersion.create({
      data: {
        id: newId("policyVersion"),
        orgId: ctx.orgId,
        policyId,
        number: (last?.number ?? 0) + 1,
        document: document as object,
        status: data.publish ? "published" : "draft",
        publishedAt: data.publish ? now : null,
        message: data.note ?? null,
        authorId: ctx.actor.type === "user" ? ctx.actor.userId : null,
      },
    });
    await recordAudit(ctx, tx, {
      action: data.publish ? "policy.publish" : "policy.draft",
      targetType: "policy",
      targetId: policyId,
      data: { versionId: created.id, number: created.number, mode: modeOf(document), superseded },
    });
    return created;
  });
  if (data.publish) await refreshBundle(ctx);
  return presentVersion(version);
}

/**
 * Touches the policy row inside the transaction: two writers of one policy take turns, so
 * version numbers never collide and exactly one version ends up published. 404 for another
 * org's id.
 */
export async function lockPolicy(tx: Tx, orgId: string, policyId: string, now: Date): Promise<string> {
  const rows = await tx.policy.updateMany({ where: { id: policyId, orgId }, data: { updatedAt: now } });
  if (rows.count === 0) throw notFound("Policy");
  return policyId;
}
