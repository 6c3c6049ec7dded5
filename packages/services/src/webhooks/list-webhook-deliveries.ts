// One endpoint's delivery log, newest first, each delivery with every attempt.
import { PageQuery } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { NEWEST_FIRST, afterCursor, decodeCursor, toPage } from "../pagination.ts";
import { requirePermission } from "../require-permission.ts";
import { getWebhookInOrg } from "./internal.ts";
import { presentDelivery } from "./present-webhook.ts";

export async function listWebhookDeliveries(ctx: ServiceContext, input: { webhookId: string } & PageQuery) {
  requirePermission(ctx, "org:manage");
  const { webhookId, ...page } = input;
  const { limit, cursor } = PageQuery.parse(page);
  const endpoint = await getWebhookInOrg(ctx, webhookId);
  const rows = await ctx.db.webhookDelivery.findMany({
    where: { orgId: ctx.orgId, endpointId: endpoint.id, ...afterCursor(decodeCursor(cursor)) },
    orderBy: NEWEST_FIRST,
    take: limit + 1,
    include: { attemptLog: { orderBy: { attempt: "asc" } } },
  });
  return toPage(rows, limit, presentDelivery);
}
