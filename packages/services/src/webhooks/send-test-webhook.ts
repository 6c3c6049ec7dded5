// "Send test event": a `webhook.test` delivery to this one endpoint, through the same job and log.
import { recordAudit } from "../audit/record-audit.ts";
import { AppError } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { transact } from "../transaction.ts";
import { enqueueWebhookEvent } from "./enqueue-webhook-event.ts";
import { getWebhookInOrg } from "./internal.ts";

export async function sendTestWebhook(ctx: ServiceContext, input: { webhookId: string }): Promise<{ deliveryId: string }> {
  requirePermission(ctx, "org:manage");
  const endpoint = await getWebhookInOrg(ctx, input.webhookId);
  const [deliveryId] = await enqueueWebhookEvent(ctx, { type: "webhook.test", data: { webhookId: endpoint.id, message: "A test event from Gatehouse." } }, { endpointId: endpoint.id });
  if (!deliveryId) throw new AppError("not_found", "Webhook not found.");
  await transact(ctx, (tx) => recordAudit(ctx, tx, { action: "webhook.test", targetType: "webhook", targetId: endpoint.id, data: { deliveryId } }));
  return { deliveryId };
}
