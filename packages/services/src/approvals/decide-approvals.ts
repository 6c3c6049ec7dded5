// Bulk decide: each request is decided on its own (one transaction each), so one that was
// decided meanwhile or expired does not undo the others; the result says what happened to each.
import { AppError, BulkDecideApprovalsInput, type BulkDecideApprovalsResponse } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { decideApproval } from "./decide-approval.ts";

export async function decideApprovals(ctx: ServiceContext, input: BulkDecideApprovalsInput): Promise<BulkDecideApprovalsResponse> {
  requirePermission(ctx, "approvals:decide");
  const { ids, decision, reason } = BulkDecideApprovalsInput.parse(input);
  const results: BulkDecideApprovalsResponse["results"] = [];
  for (const id of [...new Set(ids)]) {
    try {
      const decided = await decideApproval(ctx, { approvalId: id, decision, reason });
      results.push({ id, ok: true, status: decided.status, error: null });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ id, ok: false, status: null, error: { code: error.code, message: error.message } });
    }
  }
  return { results };
}
