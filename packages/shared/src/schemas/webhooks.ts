// The webhook routes: endpoints (signing secret shown once), test sends and the delivery log.
import { z } from "zod";
import { Timestamp } from "./api-common.ts";

export const WEBHOOK_EVENTS = ["approval.requested", "approval.decided", "approval.expired", "tool.changed"] as const;
export const WebhookEvent = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

const WebhookUrl = z.string().trim().min(1, { message: "Enter the endpoint URL." }).max(2000);
const WebhookEvents = z.array(WebhookEvent).min(1, { message: "Choose at least one event." }).max(WEBHOOK_EVENTS.length);

export const CreateWebhookInput = z
  .object({
    url: WebhookUrl,
    events: WebhookEvents,
    description: z.string().trim().max(500).optional(),
  })
  .meta({ id: "CreateWebhookInput" });
export type CreateWebhookInput = z.input<typeof CreateWebhookInput>;

export const UpdateWebhookInput = z
  .object({
    url: WebhookUrl.optional(),
    events: WebhookEvents.optional(),
    description: z.string().trim().max(500).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .meta({ id: "UpdateWebhookInput" });
export type UpdateWebhookInput = z.input<typeof UpdateWebhookInput>;

export const WebhookResponse = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    failureCount: z.number().int(),
    lastDeliveryAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "Webhook" });
export type WebhookResponse = z.infer<typeof WebhookResponse>;

export const CreatedWebhookResponse = WebhookResponse.extend({
  secret: z.string().meta({ description: "The signing secret (whsec_…). Shown only in this response: store it now." }),
}).meta({ id: "CreatedWebhook" });
export type CreatedWebhookResponse = z.infer<typeof CreatedWebhookResponse>;

export const WebhookAttemptResponse = z
  .object({
    attempt: z.number().int(),
    responseStatus: z.number().int().nullable(),
    durationMs: z.number().int(),
    error: z.string().nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: "WebhookAttempt" });
export type WebhookAttemptResponse = z.infer<typeof WebhookAttemptResponse>;

export const WebhookDeliveryResponse = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    event: z.string(),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.number().int(),
    responseStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: Timestamp.nullable(),
    createdAt: Timestamp,
    attemptLog: z.array(WebhookAttemptResponse),
  })
  .meta({ id: "WebhookDelivery" });
export type WebhookDeliveryResponse = z.infer<typeof WebhookDeliveryResponse>;

export const WebhookTestResponse = z.object({ deliveryId: z.string() }).meta({ id: "WebhookTestResponse" });
export type WebhookTestResponse = z.infer<typeof WebhookTestResponse>;
