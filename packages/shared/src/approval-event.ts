// What moves on the approvals pub/sub channel: proxies waiting on a held call listen for
// `approval.decided` / `approval.expired` of their approval; the dashboard's inbox stream
// forwards an org's events to its browsers. Ids and statuses only, never arguments.
import { z } from "zod";

export const ApprovalStatus = z.enum(["pending", "approved", "denied", "expired", "consumed", "cancelled"]);
export type ApprovalStatus = z.infer<typeof ApprovalStatus>;

export const ApprovalEventType = z.enum(["approval.requested", "approval.decided", "approval.expired", "approval.consumed", "approval.cancelled"]);
export type ApprovalEventType = z.infer<typeof ApprovalEventType>;

export const ApprovalEvent = z.object({
  type: ApprovalEventType,
  orgId: z.string(),
  approvalId: z.string(),
  status: ApprovalStatus,
  /** The approver's reason for a decision; null otherwise. */
  reason: z.string().nullable(),
  at: z.string(),
});
export type ApprovalEvent = z.infer<typeof ApprovalEvent>;
