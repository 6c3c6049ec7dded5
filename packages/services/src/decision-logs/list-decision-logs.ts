// The org's proxy decision log, newest first.
import { ListQueryInput } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";

export async function listDecisionLogs(ctx: ServiceContext, input: ListQueryInput = {}) {
  requirePermission(ctx, "read");
  const { limit } = ListQueryInput.parse(input);
  return ctx.db.decisionLog.findMany({
    where: { orgId: ctx.orgId },
    select: {
      id: true,
      method: true,
      toolName: true,
      serverId: true,
      identityId: true,
      tokenPrefix: true,
      outcome: true,
      rule: true,
      message: true,
      upstreamStatus: true,
      proxyLatencyMs: true,
      createdAt: true,
    },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
}
