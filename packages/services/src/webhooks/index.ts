// The webhook verbs, re-exported in one line from the services index.
export { createWebhook } from "./create-webhook.ts";
export { deleteWebhook } from "./delete-webhook.ts";
export { emitWebhookEvent, enqueueWebhookEvent, webhookBody } from "./enqueue-webhook-event.ts";
export { getWebhookInOrg } from "./internal.ts";
export { getWebhook, listWebhooks } from "./list-webhooks.ts";
export { listWebhookDeliveries } from "./list-webhook-deliveries.ts";
export { sendTestWebhook } from "./send-test-webhook.ts";
export { updateWebhook } from "./update-webhook.ts";
export { WEBHOOK_TIMEOUT_MS, WebhookAttemptFailed, deliverWebhook } from "./deliver-webhook.ts";
