// After a change commits: tell proxies and open inboxes (Redis pub/sub). A failed publish is
// logged by the caller's process, never thrown: the change is stored, proxies re-check the
// live state when their hold ends, and inboxes reload on reconnect.
import type { ApprovalEventType, ApprovalStatus } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { emitWebhookEvent } from "../webhooks/enqueue-webhook-event.ts";

export async function emitApprovalEvent(
  ctx: ServiceContext,
  event: { type: ApprovalEventType; approvalId: string; status: ApprovalStatus; reason: string | null },
): Promise<void> {
  // Publish first: a held call is released by this message, and webhooks are not in its path.
  if (ctx.approvals) {
    try {
      await ctx.approvals.publish({ ...event, orgId: ctx.orgId, at: new Date().toISOString() });
    } catch (error) {
      ctx.onBackgroundError?.("approval event not published", error);
    }
  }
  if (event.type !== "approval.consumed" && event.type !== "approval.cancelled") await emitWebhookEvent(ctx, { type: event.type, data: { approvalId: event.approvalId, status: event.status, reason: event.reason } });
}
