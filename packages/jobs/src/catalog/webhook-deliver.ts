// webhook.deliver — one event to one endpoint, signed per Standard Webhooks. Every attempt is
// recorded in the delivery log; BullMQ's retries with exponential backoff are the schedule.
import { z } from "zod";
import { defineJob, safeJobId } from "./define-job.ts";

export const WebhookDeliverPayload = z.object({ orgId: z.string().min(1), deliveryId: z.string().min(1) });
export type WebhookDeliverPayload = z.infer<typeof WebhookDeliverPayload>;

export const webhookDeliver = defineJob({
  name: "webhook.deliver",
  queue: "webhooks",
  payload: WebhookDeliverPayload,
  jobId: (p) => safeJobId("webhook.deliver", p.deliveryId),
  attempts: 8,
  backoff: { type: "exponential", delayMs: 1000 },
});
