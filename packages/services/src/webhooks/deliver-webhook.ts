// One attempt of one delivery: POST the stored body to the endpoint, signed per Standard Webhooks
// (`webhook-id` is the delivery id, stable across retries), through the SSRF guard's dispatcher,
// with a timeout and no redirects. The attempt is logged whatever happens; a failure throws so
// BullMQ retries with its backoff, and the last failure marks the delivery failed.
import { newId } from "@gatehouse/shared";
import { checkUpstreamUrl, decryptText, errorMessage, upstreamDispatcher } from "@gatehouse/shared/node";
import { Webhook } from "standardwebhooks";
import { fetch as undiciFetch } from "undici";
import type { ServiceContext } from "../context.ts";

export const WEBHOOK_TIMEOUT_MS = 10_000;
const MAX_ERROR_LENGTH = 500;

export class WebhookAttemptFailed extends Error {}

export type DeliverWebhookContext = Pick<ServiceContext, "db" | "orgId" | "secrets"> & { allowPrivateNetworks: boolean; timeoutMs?: number };

export async function deliverWebhook(
  ctx: DeliverWebhookContext,
  input: { deliveryId: string; attempt: number; finalAttempt: boolean },
): Promise<{ status: "delivered" | "retry" | "failed" | "gone" }> {
  const delivery = await ctx.db.webhookDelivery.findFirst({ where: { id: input.deliveryId, orgId: ctx.orgId }, include: { endpoint: true } });
  if (delivery?.status !== "pending") return { status: "gone" };
  const endpoint = delivery.endpoint;
  if (!endpoint.enabled && delivery.event !== "webhook.test") {
    await ctx.db.webhookDelivery.update({ where: { id: delivery.id }, data: { status: "failed", lastError: "The endpoint is disabled." } });
    return { status: "gone" };
  }

  const body = JSON.stringify(delivery.payload);
  const started = performance.now();
  let responseStatus: number | null = null;
  let error: string | null = null;
  try {
    await checkUpstreamUrl(endpoint.url, { allowPrivate: ctx.allowPrivateNetworks });
    const secret = decryptText(ctx.secrets.encryptionKey, endpoint.secretEnc);
    const timestamp = new Date();
    const signature = new Webhook(secret).sign(delivery.id, timestamp, body);
    const response = await undiciFetch(endpoint.url, {
      method: "POST",
      redirect: "manual",
      body,
      headers: {
        "content-type": "application/json",
        "user-agent": "Gatehouse-Webhooks/1",
        "webhook-id": delivery.id,
        "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
        "webhook-signature": signature,
      },
      signal: AbortSignal.timeout(ctx.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
      dispatcher: upstreamDispatcher({ allowPrivate: ctx.allowPrivateNetworks }),
    });
    responseStatus = response.status;
    await response.body?.cancel();
    if (response.status < 200 || response.status >= 300) error = `The endpoint answered ${response.status}.`;
  } catch (caught) {
    error = (caught instanceof Error && caught.name === "TimeoutError" ? "The endpoint did not answer in time." : errorMessage(caught)).slice(0, MAX_ERROR_LENGTH);
  }
  const durationMs = Math.round(performance.now() - started);
  const ok = error === null;
  const status = ok ? "delivered" : input.finalAttempt ? "failed" : "pending";
  const now = new Date();

  await ctx.db.$transaction([
    ctx.db.webhookDeliveryAttempt.create({ data: { id: newId("delivery"), deliveryId: delivery.id, attempt: input.attempt, responseStatus, durationMs, error } }),
    ctx.db.webhookDelivery.update({
      where: { id: delivery.id },
      data: { status, attempts: input.attempt, responseStatus, lastError: error, ...(ok ? { deliveredAt: now } : {}) },
    }),
    ctx.db.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { lastDeliveryAt: now, failureCount: ok ? 0 : status === "failed" ? { increment: 1 } : undefined },
    }),
  ]);
  if (!ok && !input.finalAttempt) throw new WebhookAttemptFailed(error ?? "delivery failed");
  return { status: ok ? "delivered" : "failed" };
}
