// Revokes an invitation: its link stops working. Revoking twice is a no-op; an accepted
// invitation is history (remove the member instead).
import { conflict } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { transact } from "../transaction.ts";
import { getInvitationInOrg } from "./internal.ts";

export async function revokeInvitation(ctx: ServiceContext, input: { invitationId: string }): Promise<void> {
  requirePermission(ctx, "members:manage");
  await transact(ctx, async (tx, txCtx) => {
    const invitation = await getInvitationInOrg(txCtx, input.invitationId);
    if (invitation.revokedAt) return;
    if (invitation.acceptedAt) throw conflict("This invitation was already accepted: remove the member instead.");
    await tx.invitation.update({ where: { id: invitation.id }, data: { revokedAt: new Date() } });
    await recordAudit(ctx, tx, { action: "invitation.revoke", targetType: "invitation", targetId: invitation.id, data: { email: invitation.email, role: invitation.role } });
  });
}
