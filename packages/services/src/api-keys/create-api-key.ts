// Creates an org API key for the REST API. The secret is returned once; only its SHA-256 is kept.
import { CreateApiKeyInput, type CreatedApiKeyResponse, newId } from "@gatehouse/shared";
import { API_KEY_PREFIX, generateSecret } from "@gatehouse/shared/node";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { transact } from "../transaction.ts";
import { presentApiKey } from "./present-api-key.ts";

export async function createApiKey(ctx: ServiceContext, input: CreateApiKeyInput): Promise<CreatedApiKeyResponse> {
  requirePermission(ctx, "org:manage");
  const data = CreateApiKeyInput.parse(input);
  const secret = generateSecret(API_KEY_PREFIX);
  return transact(ctx, async (tx) => {
    const row = await tx.apiKey.create({
      data: {
        id: newId("apiKey"),
        orgId: ctx.orgId,
        name: data.name,
        prefix: secret.prefix,
        hash: secret.hash,
        role: data.role,
        expiresAt: data.expiresAt ?? null,
        createdById: ctx.actor.type === "user" ? ctx.actor.userId : null,
      },
    });
    await recordAudit(ctx, tx, { action: "api_key.create", targetType: "api_key", targetId: row.id, data: { name: row.name, role: row.role, prefix: row.prefix } });
    return { ...presentApiKey(row), key: secret.plaintext };
  });
}
