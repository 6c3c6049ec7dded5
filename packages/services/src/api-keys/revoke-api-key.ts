// Revokes an API key: the next request that presents it is refused (401). Revoking twice is a no-op.
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { transact } from "../transaction.ts";
import { getApiKeyInOrg } from "./internal.ts";

export async function revokeApiKey(ctx: ServiceContext, input: { apiKeyId: string }): Promise<void> {
  requirePermission(ctx, "org:manage");
  await transact(ctx, async (tx, txCtx) => {
    const key = await getApiKeyInOrg(txCtx, input.apiKeyId);
    if (key.revokedAt) return;
    await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    await recordAudit(ctx, tx, { action: "api_key.revoke", targetType: "api_key", targetId: key.id, data: { name: key.name, prefix: key.prefix } });
  });
}
