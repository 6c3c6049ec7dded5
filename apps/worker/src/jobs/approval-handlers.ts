// Handlers for the approval jobs: each runs a service verb as the system, in the job's org.
import { approvalConsumed, approvalExpire, approvalNotify, approvalPersist, approvalWithdraw, type ApprovalState, type HandlerEntry, handle, type Producer } from "@gatehouse/jobs";
import type { Db } from "@gatehouse/db";
import { expireApproval, listApprovalRecipients, markApprovalConsumed, recordApprovalRequest, withdrawApproval, type SecretsConfig, type ServiceContext } from "@gatehouse/services";
import { newId } from "@gatehouse/shared";
import { errorFields, type Logger } from "@gatehouse/shared/node";
import { approvalMail } from "./approval-mail.ts";
import type { Mailer } from "./mailer.ts";

export type JobDeps = {
  db: Db;
  secrets: SecretsConfig;
  approvals: ApprovalState;
  jobs: Producer;
  mailer: Mailer;
  log: Logger;
  /** Where links in notification emails point (the dashboard). */
  webUrl: string;
  /** Webhook deliveries: may endpoints be private addresses (GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS), and the POST timeout. */
  allowPrivateNetworks?: boolean;
  webhookTimeoutMs?: number;
};

export function systemContext(deps: JobDeps, orgId: string, label: string): ServiceContext {
  return {
    db: deps.db,
    orgId,
    role: "admin",
    actor: { type: "system", label },
    requestId: newId("request"),
    secrets: deps.secrets,
    approvals: deps.approvals,
    jobs: deps.jobs,
    onBackgroundError: (message, error) => deps.log.warn(message, { orgId, ...errorFields(error) }),
  };
}

export function approvalHandlers(deps: JobDeps): HandlerEntry[] {
  return [
    handle(approvalPersist, async (p) => {
      await recordApprovalRequest(systemContext(deps, p.orgId, "approval.persist"), p);
    }),
    handle(approvalExpire, async (p) => {
      await expireApproval(systemContext(deps, p.orgId, "approval.expire"), { approvalId: p.approvalId });
    }),
    handle(approvalConsumed, async (p) => {
      await markApprovalConsumed(systemContext(deps, p.orgId, "approval.consumed"), { approvalId: p.approvalId, consumedAt: p.consumedAt });
    }),
    handle(approvalWithdraw, async (p) => {
      await withdrawApproval(systemContext(deps, p.orgId, "approval.withdraw"), { approvalId: p.approvalId, taskId: p.taskId, withdrawnAt: p.withdrawnAt });
    }),
    handle(approvalNotify, async (p) => {
      const { approval, emails } = await listApprovalRecipients(systemContext(deps, p.orgId, "approval.notify"), { approvalId: p.approvalId });
      if (approval.status !== "pending") return;
      // One message per recipient, so no member learns the others' addresses. A failed send retries
      // the job, which may mail an earlier recipient twice: a duplicate beats a missed request.
      for (const to of emails) await deps.mailer.send(approvalMail(to, approval, deps.webUrl));
    }),
  ];
}
