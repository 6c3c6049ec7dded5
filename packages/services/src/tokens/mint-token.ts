// Mints a bearer token for an identity. The plaintext is returned once and never stored.
import { MintTokenInput, newId, notFound } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import { refreshBundle } from "../bundles/refresh-bundle.ts";
import type { ServiceContext } from "../context.ts";
import { transact } from "../transaction.ts";
import { TOKEN_PREFIX, generateSecret } from "@gatehouse/shared/node";
import { requirePermission } from "../require-permission.ts";

export async function mintToken(ctx: ServiceContext, input: MintTokenInput) {
  const minted = await insertToken(ctx, input);
  await refreshBundle(ctx);
  return minted;
}

async function insertToken(ctx: ServiceContext, input: MintTokenInput) {
  requirePermission(ctx, "tokens:write");
  const data = MintTokenInput.parse(input);
  const secret = generateSecret(TOKEN_PREFIX);
  return transact(ctx, async (tx) => {
    const identity = await tx.identity.findFirst({ where: { id: data.identityId, orgId: ctx.orgId } });
    if (!identity) throw notFound("Identity");
    const token = await tx.token.create({
      data: {
        id: newId("token"),
        orgId: ctx.orgId,
        identityId: identity.id,
        name: data.name ?? null,
        prefix: secret.prefix,
        hash: secret.hash,
        expiresAt: data.expiresAt ?? null,
        createdById: ctx.actor.type === "user" ? ctx.actor.userId : null,
      },
    });
    await recordAudit(ctx, tx, { action: "token.mint", targetType: "token", targetId: token.id, data: { identityId: identity.id, prefix: token.prefix } });
    return { token, plaintext: secret.plaintext };
  });
}
