// Deletes an endpoint with its delivery log; queued deliveries to it find nothing and stop.
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { transact } from "../transaction.ts";
import { getWebhookInOrg } from "./internal.ts";

export async function deleteWebhook(ctx: ServiceContext, input: { webhookId: string }): Promise<void> {
  requirePermission(ctx, "org:manage");
  await transact(ctx, async (tx, txCtx) => {
    const row = await getWebhookInOrg(txCtx, input.webhookId);
    await tx.webhookEndpoint.delete({ where: { id: row.id } });
    await recordAudit(ctx, tx, { action: "webhook.delete", targetType: "webhook", targetId: row.id, data: { url: row.url } });
  });
}
