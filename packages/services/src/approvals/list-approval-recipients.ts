// approval.notify's verb: who to email about a new request — members whose role may decide it.
import type { ServiceContext } from "../context.ts";
import { getApprovalInOrg, mayDecide } from "./internal.ts";

export async function listApprovalRecipients(ctx: ServiceContext, input: { approvalId: string }) {
  const row = await getApprovalInOrg(ctx, input.approvalId);
  const members = await ctx.db.membership.findMany({ where: { orgId: ctx.orgId }, select: { role: true, user: { select: { email: true } } } });
  const [server, identity] = await Promise.all([
    ctx.db.server.findFirst({ where: { id: row.serverId, orgId: ctx.orgId }, select: { name: true } }),
    ctx.db.identity.findFirst({ where: { id: row.identityId, orgId: ctx.orgId }, select: { name: true } }),
  ]);
  return {
    // Argument names only: the values are readable in the inbox by those who may decide, and mail
    // leaves the system (relays, mailbox providers, forwarding), so no value goes into it.
    approval: {
      id: row.id,
      status: row.status,
      toolName: row.toolName,
      serverName: server?.name ?? row.serverId,
      identityName: identity?.name ?? row.identityId,
      argKeys: row.argKeys,
      rule: row.rule,
      requestedAt: row.requestedAt,
      expiresAt: row.expiresAt,
    },
    emails: members.filter((m) => mayDecide(m.role, row.approverRoles)).map((m) => m.user.email),
  };
}
