// Changes a member's role. The last admin cannot be demoted: an org without an admin could never
// again invite, rename or manage keys.
import { type MemberResponse, UpdateMemberInput } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { transact } from "../transaction.ts";
import { getMemberInOrg, keepOneAdmin } from "./internal.ts";
import { presentMember } from "./present-member.ts";

export async function updateMemberRole(ctx: ServiceContext, input: { userId: string } & UpdateMemberInput): Promise<MemberResponse> {
  requirePermission(ctx, "members:manage");
  const { role } = UpdateMemberInput.parse({ role: input.role });
  return transact(ctx, async (tx, txCtx) => {
    const member = await getMemberInOrg(txCtx, input.userId);
    if (member.role === role) return presentMember(member);
    if (member.role === "admin") {
      await keepOneAdmin(tx, ctx.orgId, member.userId, "This is the organization's last admin: make someone else an admin first.");
    }
    const updated = await tx.membership.update({
      where: { id: member.id },
      data: { role },
      include: { user: { select: { id: true, email: true, name: true } } },
    });
    await recordAudit(ctx, tx, {
      action: "member.update_role",
      targetType: "member",
      targetId: member.userId,
      data: { email: member.user.email, from: member.role, to: role },
    });
    return presentMember(updated);
  });
}
