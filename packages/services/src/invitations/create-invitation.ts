// Invites someone by email with a role. Returns the link's token once (the caller mails it); only
// its hash is kept. Inviting an address again replaces its pending invitation: the older link
// stops working, so there is one live link per address.
import { CreateInvitationInput, type InvitationResponse, conflict, newId } from "@gatehouse/shared";
import { generateSecret } from "@gatehouse/shared/node";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { transact } from "../transaction.ts";
import { INVITATION_TOKEN_PREFIX } from "./internal.ts";
import { presentInvitation, whereStatus } from "./present-invitation.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

export async function createInvitation(ctx: ServiceContext, input: CreateInvitationInput): Promise<{ invitation: InvitationResponse; token: string }> {
  requirePermission(ctx, "members:manage");
  const data = CreateInvitationInput.parse(input);
  const secret = generateSecret(INVITATION_TOKEN_PREFIX);
  return transact(ctx, async (tx) => {
    const member = await tx.membership.findFirst({ where: { orgId: ctx.orgId, user: { email: { equals: data.email, mode: "insensitive" } } } });
    if (member) throw conflict("This person is already a member of the organization.");
    const now = new Date();
    await tx.invitation.updateMany({
      where: { orgId: ctx.orgId, email: data.email, ...whereStatus("pending", now) },
      data: { revokedAt: now },
    });
    const row = await tx.invitation.create({
      data: {
        id: newId("invitation"),
        orgId: ctx.orgId,
        email: data.email,
        role: data.role,
        tokenHash: secret.hash,
        invitedById: ctx.actor.type === "user" ? ctx.actor.userId : null,
        expiresAt: new Date(now.getTime() + data.expiresInDays * DAY_MS),
      },
    });
    await recordAudit(ctx, tx, {
      action: "invitation.create",
      targetType: "invitation",
      targetId: row.id,
      data: { email: row.email, role: row.role, expiresAt: row.expiresAt.toISOString() },
    });
    return { invitation: presentInvitation(row), token: secret.plaintext };
  });
}
