// One approval request, with its arguments for a caller who may decide it.
import type { ApprovalResponse } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { getApprovalInOrg } from "./internal.ts";
import { loadApprovalNames, presentApproval } from "./present-approval.ts";

export async function getApproval(ctx: ServiceContext, input: { approvalId: string }): Promise<ApprovalResponse> {
  requirePermission(ctx, "read");
  const row = await getApprovalInOrg(ctx, input.approvalId);
  return presentApproval(ctx, row, await loadApprovalNames(ctx, [row]));
}
