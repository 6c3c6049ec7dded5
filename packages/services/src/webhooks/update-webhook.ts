// Changes an endpoint's URL (SSRF-checked again), events, description or enabled flag.
import { UpdateWebhookInput } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { transact } from "../transaction.ts";
import { getWebhookInOrg, guardWebhookUrl } from "./internal.ts";
import { presentWebhook } from "./present-webhook.ts";

export async function updateWebhook(ctx: ServiceContext & { allowPrivateNetworks: boolean }, input: { webhookId: string } & UpdateWebhookInput) {
  requirePermission(ctx, "org:manage");
  const { webhookId, ...rest } = input;
  const data = UpdateWebhookInput.parse(rest);
  if (data.url !== undefined) await guardWebhookUrl(data.url, { allowPrivateNetworks: ctx.allowPrivateNetworks });
  return transact(ctx, async (tx, txCtx) => {
    const current = await getWebhookInOrg(txCtx, webhookId);
    const row = await tx.webhookEndpoint.update({
      where: { id: current.id },
      data: {
        ...(data.url !== undefined ? { url: data.url } : {}),
        ...(data.events !== undefined ? { events: [...new Set(data.events)] } : {}),
        ...(data.description !== undefined ? { description: data.description || null } : {}),
        ...(data.enabled !== undefined ? { enabled: data.enabled, ...(data.enabled ? { failureCount: 0 } : {}) } : {}),
      },
    });
    await recordAudit(ctx, tx, { action: "webhook.update", targetType: "webhook", targetId: row.id, data: { changed: Object.keys(data) } });
    return presentWebhook(row);
  });
}
