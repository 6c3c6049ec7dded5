// Fans one event out to the org's enabled endpoints subscribed to it: a delivery row per endpoint,
// then a `webhook.deliver` job each (BullMQ retries with exponential backoff are the schedule).
import { webhookDeliver } from "@gatehouse/jobs";
import { newId } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";

export type WebhookEventMessage = { type: string; data: Record<string, unknown> };

/** The Standard Webhooks body: `{ type, timestamp, data }`. */
export function webhookBody(event: WebhookEventMessage, at: Date = new Date()) {
  return { type: event.type, timestamp: at.toISOString(), data: event.data };
}

export async function enqueueWebhookEvent(ctx: ServiceContext, event: WebhookEventMessage, only?: { endpointId: string }): Promise<string[]> {
  const endpoints = await ctx.db.webhookEndpoint.findMany({
    where: { orgId: ctx.orgId, ...(only ? { id: only.endpointId } : { enabled: true, events: { has: event.type } }) },
    select: { id: true },
  });
  const ids: string[] = [];
  for (const endpoint of endpoints) {
    const id = newId("delivery");
    await ctx.db.webhookDelivery.create({
      data: { id, orgId: ctx.orgId, endpointId: endpoint.id, event: event.type, payload: webhookBody(event) as object },
    });
    if (ctx.jobs) await ctx.jobs.enqueue(webhookDeliver, { orgId: ctx.orgId, deliveryId: id });
    ids.push(id);
  }
  return ids;
}

/** For event emitters: never lets a webhook problem break the change that caused the event. */
export async function emitWebhookEvent(ctx: ServiceContext, event: WebhookEventMessage): Promise<void> {
  try {
    await enqueueWebhookEvent(ctx, event);
  } catch (error) {
    ctx.onBackgroundError?.("webhook event not enqueued", error);
  }
}
