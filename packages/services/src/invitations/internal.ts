// "This invitation in this org" → the row, or a 404 (STYLE.md §2). The link's token is a secret
// like an API key: only its SHA-256 is stored.
import { sha256Hex } from "@gatehouse/shared/node";
import type { ServiceContext } from "../context.ts";
import { dbOf, found } from "../db-of.ts";

export const INVITATION_TOKEN_PREFIX = "gthi_";

export const getInvitationInOrg = (ctx: ServiceContext, id: string) =>
  found(dbOf(ctx).invitation.findFirst({ where: { id, orgId: ctx.orgId } }), "Invitation");

export function invitationTokenHash(token: string): string | null {
  if (!token.startsWith(INVITATION_TOKEN_PREFIX) || token.length > 200) return null;
  return sha256Hex(token);
}
