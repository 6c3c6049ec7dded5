// The org's approval requests, newest first. Encrypted arguments are not part of a list.
import { ListQueryInput } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";

export async function listApprovals(ctx: ServiceContext, input: ListQueryInput = {}) {
  requirePermission(ctx, "read");
  const { limit } = ListQueryInput.parse(input);
  return ctx.db.approvalRequest.findMany({
    where: { orgId: ctx.orgId },
    select: {
      id: true,
      serverId: true,
      identityId: true,
      toolName: true,
      argKeys: true,
      rule: true,
      status: true,
      requestedAt: true,
      expiresAt: true,
      decidedAt: true,
      decisionReason: true,
    },
    orderBy: { requestedAt: "desc" },
    take: limit,
  });
}
