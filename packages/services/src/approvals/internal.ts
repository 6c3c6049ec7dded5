// "This approval in this org" → the row or a 404 (STYLE.md §2), and who may decide it.
import type { ApprovalBinding } from "@gatehouse/jobs";
import type { Role } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { dbOf, found } from "../db-of.ts";

export const getApprovalInOrg = (ctx: ServiceContext, id: string) =>
  found(dbOf(ctx).approvalRequest.findFirst({ where: { id, orgId: ctx.orgId } }), "Approval request");

/** The roles a request names when its policy names none (POLICY-LANGUAGE.md "Approvals"). */
export const DEFAULT_APPROVER_ROLES = ["approver"] as const;

/**
 * Admins may always decide; otherwise the caller's role must be one the policy named (default:
 * approver). Viewers never decide, whatever a policy says: they never see arguments (API.md).
 */
export function mayDecide(role: Role, approverRoles: readonly string[]): boolean {
  if (role === "admin") return true;
  if (role === "viewer") return false;
  const named = approverRoles.length > 0 ? approverRoles : DEFAULT_APPROVER_ROLES;
  return named.includes(role);
}

type BindingRow = { orgId: string; identityId: string; serverId: string; toolName: string; argsHash: string; policyVersionId: string | null };

export function bindingOf(row: BindingRow): ApprovalBinding {
  return {
    orgId: row.orgId,
    identityId: row.identityId,
    serverId: row.serverId,
    toolName: row.toolName,
    argsHash: row.argsHash,
    policyVersionId: row.policyVersionId ?? "",
  };
}

/** The live state and channel; deciding and expiring cannot work without them. */
export function approvalsOf(ctx: ServiceContext) {
  if (!ctx.approvals) throw new Error("This service context has no approvals state (Redis); deciding needs it.");
  return ctx.approvals;
}
