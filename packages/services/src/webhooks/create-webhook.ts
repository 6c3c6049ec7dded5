// Registers a webhook endpoint. Its signing secret is encrypted at rest and returned only here.
import { CreateWebhookInput, type CreatedWebhookResponse, newId } from "@gatehouse/shared";
import { encryptText } from "@gatehouse/shared/node";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { transact } from "../transaction.ts";
import { generateWebhookSecret, guardWebhookUrl } from "./internal.ts";
import { presentWebhook } from "./present-webhook.ts";

export async function createWebhook(ctx: ServiceContext & { allowPrivateNetworks: boolean }, input: CreateWebhookInput): Promise<CreatedWebhookResponse> {
  requirePermission(ctx, "org:manage");
  const data = CreateWebhookInput.parse(input);
  await guardWebhookUrl(data.url, { allowPrivateNetworks: ctx.allowPrivateNetworks });
  const secret = generateWebhookSecret();
  return transact(ctx, async (tx) => {
    const row = await tx.webhookEndpoint.create({
      data: {
        id: newId("webhook"),
        orgId: ctx.orgId,
        url: data.url,
        description: data.description || null,
        events: [...new Set(data.events)],
        secretEnc: encryptText(ctx.secrets.encryptionKey, secret),
      },
    });
    await recordAudit(ctx, tx, { action: "webhook.create", targetType: "webhook", targetId: row.id, data: { url: row.url, events: row.events } });
    return { ...presentWebhook(row), secret };
  });
}
