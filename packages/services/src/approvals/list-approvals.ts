// The org's approval requests, newest first, filtered by status, server, identity and tool.
import { ListApprovalsQuery, type Page, type ApprovalResponse } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { decodeCursor, encodeCursor } from "../pagination.ts";
import { requirePermission } from "../require-permission.ts";
import { loadApprovalNames, presentApproval } from "./present-approval.ts";

export async function listApprovals(ctx: ServiceContext, input: ListApprovalsQuery = {}): Promise<Page<ApprovalResponse>> {
  requirePermission(ctx, "read");
  const q = ListApprovalsQuery.parse(input);
  const cursor = decodeCursor(q.cursor);
  const rows = await ctx.db.approvalRequest.findMany({
    where: {
      orgId: ctx.orgId,
      ...(q.status ? { status: q.status } : {}),
      ...(q.serverId ? { serverId: q.serverId } : {}),
      ...(q.identityId ? { identityId: q.identityId } : {}),
      ...(q.tool ? { toolName: q.tool } : {}),
      ...(cursor ? { OR: [{ requestedAt: { lt: cursor.createdAt } }, { requestedAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ requestedAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const more = rows.length > q.limit;
  const served = more ? rows.slice(0, q.limit) : rows;
  const names = await loadApprovalNames(ctx, served);
  const last = served[served.length - 1];
  return {
    data: served.map((row) => presentApproval(ctx, row, names)),
    nextCursor: more && last ? encodeCursor({ createdAt: last.requestedAt, id: last.id }) : null,
  };
}
