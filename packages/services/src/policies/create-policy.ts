// A named policy for one server, with its first version. Invalid documents are refused with
// every problem listed (path + sentence), and nothing is written.
import { parsePolicy } from "@gatehouse/policy";
import { CreatePolicyInput, newId, notFound, validationFailed } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import { conflictOnDuplicate } from "../conflict-on-duplicate.ts";
import { refreshBundle } from "../bundles/refresh-bundle.ts";
import type { ServiceContext } from "../context.ts";
import { transact } from "../transaction.ts";
import { requirePermission } from "../require-permission.ts";

export function validatePolicyDocument(document: unknown) {
  const parsed = parsePolicy(document);
  if (!parsed.ok) throw validationFailed("The policy document is not valid.", parsed.errors);
  return parsed.document;
}

export async function createPolicy(ctx: ServiceContext, input: CreatePolicyInput) {
  requirePermission(ctx, "policies:write");
  const data = CreatePolicyInput.parse(input);
  const document = validatePolicyDocument(data.document);
  const now = new Date();
  const created = await conflictOnDuplicate(`This server already has a policy named "${data.name}".`, () =>
    transact(ctx, async (tx) => {
      const server = await tx.server.findFirst({ where: { id: data.serverId, orgId: ctx.orgId }, select: { id: true } });
      if (!server) throw notFound("Server");
      const policy = await tx.policy.create({
        data: { id: newId("policy"), orgId: ctx.orgId, serverId: server.id, name: data.name, description: data.description ?? null },
      });
      const version = await tx.policyVersion.create({
        data: {
          id: newId("policyVersion"),
          orgId: ctx.orgId,
          policyId: policy.id,
          number: 1,
          document: document as object,
          status: data.publish ? "published" : "draft",
          publishedAt: data.publish ? now : null,
          authorId: ctx.actor.type === "user" ? ctx.actor.userId : null,
        },
      });
      await recordAudit(ctx, tx, { action: "policy.create", targetType: "policy", targetId: policy.id, data: { name: policy.name, published: data.publish } });
      return { policy, version };
    }),
  );
  // A draft changes nothing a proxy enforces.
  if (created.version.status === "published") await refreshBundle(ctx);
  return created;
}
