// The org's admin audit trail, newest first.
import { ListQueryInput } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";

export async function listAuditEvents(ctx: ServiceContext, input: ListQueryInput = {}) {
  requirePermission(ctx, "read");
  const { limit } = ListQueryInput.parse(input);
  return ctx.db.auditEvent.findMany({
    where: { orgId: ctx.orgId },
    select: {
      id: true,
      actorType: true,
      actorLabel: true,
      action: true,
      targetType: true,
      targetId: true,
      requestId: true,
      createdAt: true,
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
}
