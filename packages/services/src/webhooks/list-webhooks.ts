// The org's webhook endpoints, newest first.
import { PageQuery } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { NEWEST_FIRST, afterCursor, decodeCursor, toPage } from "../pagination.ts";
import { requirePermission } from "../require-permission.ts";
import { getWebhookInOrg } from "./internal.ts";
import { presentWebhook } from "./present-webhook.ts";

export async function listWebhooks(ctx: ServiceContext, input: PageQuery = {}) {
  requirePermission(ctx, "org:manage");
  const { limit, cursor } = PageQuery.parse(input);
  const rows = await ctx.db.webhookEndpoint.findMany({
    where: { orgId: ctx.orgId, ...afterCursor(decodeCursor(cursor)) },
    orderBy: NEWEST_FIRST,
    take: limit + 1,
  });
  return toPage(rows, limit, presentWebhook);
}

export async function getWebhook(ctx: ServiceContext, input: { webhookId: string }) {
  requirePermission(ctx, "org:manage");
  return presentWebhook(await getWebhookInOrg(ctx, input.webhookId));
}
