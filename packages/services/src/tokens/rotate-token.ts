// Rotates a token: a new one is minted for the same identity (plaintext returned once) and the old
// one keeps working until `graceSeconds` from now, so an agent can be redeployed without a gap.
// The bundle carries the old token's graceUntil as its deadline and the proxy checks it on every
// request, so the old token stops at the end of the grace without another rebuild. A grace of 0
// ends the old token at once. A token can be rotated once; revoked or expired ones cannot.
import { AppError, type RotatedTokenResponse, RotateTokenInput, newId } from "@gatehouse/shared";
import { TOKEN_PREFIX, generateSecret } from "@gatehouse/shared/node";
import { recordAudit } from "../audit/record-audit.ts";
import { refreshBundle } from "../bundles/refresh-bundle.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { transact } from "../transaction.ts";
import { getTokenInOrg } from "./internal.ts";
import { presentToken, tokenStatus } from "./present-token.ts";

export async function rotateToken(ctx: ServiceContext, input: RotateTokenInput): Promise<RotatedTokenResponse> {
  requirePermission(ctx, "tokens:write");
  const { tokenId, graceSeconds } = RotateTokenInput.parse(input);
  const secret = generateSecret(TOKEN_PREFIX);
  const rotated = await transact(ctx, async (tx, txCtx) => {
    const old = await getTokenInOrg(txCtx, tokenId);
    const now = new Date();
    const status = tokenStatus(old, now);
    if (status === "grace") throw new AppError("conflict", "This token was already rotated; rotate its replacement instead.");
    if (status !== "active") throw new AppError("conflict", `A ${status} token cannot be rotated; mint a new one.`);
    const replacement = await tx.token.create({
      data: {
        id: newId("token"),
        orgId: ctx.orgId,
        identityId: old.identityId,
        name: old.name,
        prefix: secret.prefix,
        hash: secret.hash,
        expiresAt: old.expiresAt,
        createdById: ctx.actor.type === "user" ? ctx.actor.userId : null,
      },
    });
    // The grace never outlives the old token's own expiry.
    let graceUntil = new Date(now.getTime() + graceSeconds * 1000);
    if (old.expiresAt && old.expiresAt < graceUntil) graceUntil = old.expiresAt;
    const previous = await tx.token.update({ where: { id: old.id, orgId: ctx.orgId }, data: { graceUntil, rotatedToId: replacement.id } });
    await recordAudit(ctx, tx, {
      action: "token.rotate",
      targetType: "token",
      targetId: old.id,
      data: { identityId: old.identityId, prefix: old.prefix, newTokenId: replacement.id, newPrefix: replacement.prefix, graceUntil: graceUntil.toISOString() },
    });
    return { ...presentToken(replacement, now), token: secret.plaintext, previous: presentToken(previous, now) };
  });
  await refreshBundle(ctx);
  return rotated;
}
