// Removes a member from the org. Their next request is refused at once: sessions re-check
// memberships on every request. The last admin cannot be removed.
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { transact } from "../transaction.ts";
import { getMemberInOrg, keepOneAdmin } from "./internal.ts";

export async function removeMember(ctx: ServiceContext, input: { userId: string }): Promise<void> {
  requirePermission(ctx, "members:manage");
  await transact(ctx, async (tx, txCtx) => {
    const member = await getMemberInOrg(txCtx, input.userId);
    if (member.role === "admin") {
      await keepOneAdmin(tx, ctx.orgId, member.userId, "This is the organization's last admin: make someone else an admin first.");
    }
    await tx.membership.delete({ where: { id: member.id } });
    await recordAudit(ctx, tx, { action: "member.remove", targetType: "member", targetId: member.userId, data: { email: member.user.email, role: member.role } });
  });
}
