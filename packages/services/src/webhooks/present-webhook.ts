// Webhook rows as the API shows them: explicit fields, never the encrypted secret.
import type { WebhookDeliveryResponse, WebhookResponse } from "@gatehouse/shared";

type WebhookRow = {
  id: string;
  url: string;
  description: string | null;
  events: string[];
  enabled: boolean;
  failureCount: number;
  lastDeliveryAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export function presentWebhook(row: WebhookRow): WebhookResponse {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    enabled: row.enabled,
    failureCount: row.failureCount,
    lastDeliveryAt: row.lastDeliveryAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

type DeliveryRow = {
  id: string;
  endpointId: string;
  event: string;
  status: WebhookDeliveryResponse["status"];
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  attemptLog: { attempt: number; responseStatus: number | null; durationMs: number; error: string | null; createdAt: Date }[];
};

export function presentDelivery(row: DeliveryRow): WebhookDeliveryResponse {
  return {
    id: row.id,
    endpointId: row.endpointId,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    responseStatus: row.responseStatus,
    lastError: row.lastError,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    attemptLog: row.attemptLog.map((a) => ({ attempt: a.attempt, responseStatus: a.responseStatus, durationMs: a.durationMs, error: a.error, createdAt: a.createdAt.toISOString() })),
  };
}
