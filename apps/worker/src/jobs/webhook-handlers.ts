// The webhook.deliver handler: one signed POST per attempt; BullMQ's backoff spaces the retries.
import { type HandlerEntry, handle, webhookDeliver } from "@gatehouse/jobs";
import { deliverWebhook } from "@gatehouse/services";
import type { JobDeps } from "./approval-handlers.ts";

export function webhookHandlers(deps: JobDeps): HandlerEntry[] {
  return [
    handle(webhookDeliver, async (p, job) => {
      await deliverWebhook(
        { db: deps.db, orgId: p.orgId, secrets: deps.secrets, allowPrivateNetworks: deps.allowPrivateNetworks ?? false, ...(deps.webhookTimeoutMs ? { timeoutMs: deps.webhookTimeoutMs } : {}) },
        { deliveryId: p.deliveryId, attempt: job.attempt, finalAttempt: job.attempt >= job.attempts },
      );
    }),
  ];
}
