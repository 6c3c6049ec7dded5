// The job catalog: every BullMQ job Gatehouse runs. Adding a job is one file beside this one
// and one line in JOBS.
import { approvalConsumed } from "./approval-consumed.ts";
import { approvalExpire } from "./approval-expire.ts";
import { approvalNotify } from "./approval-notify.ts";
import { approvalPersist } from "./approval-persist.ts";
import { approvalWithdraw } from "./approval-withdraw.ts";
import type { AnyJob } from "./define-job.ts";
import { retentionPurgeCapturedArguments } from "./retention-purge-captured-arguments.ts";
import { retentionPurgeDecisionLogs } from "./retention-purge-decision-logs.ts";
import { retentionSweep } from "./retention-sweep.ts";
import { toolsDiscover, toolsScan } from "./tools-discover.ts";
import { webhookDeliver } from "./webhook-deliver.ts";

export const JOBS = {
  [approvalPersist.name]: approvalPersist,
  [approvalNotify.name]: approvalNotify,
  [approvalExpire.name]: approvalExpire,
  [approvalConsumed.name]: approvalConsumed,
  [approvalWithdraw.name]: approvalWithdraw,
  [webhookDeliver.name]: webhookDeliver,
  [retentionSweep.name]: retentionSweep,
  [retentionPurgeDecisionLogs.name]: retentionPurgeDecisionLogs,
  [retentionPurgeCapturedArguments.name]: retentionPurgeCapturedArguments,
  [toolsScan.name]: toolsScan,
  [toolsDiscover.name]: toolsDiscover,
} as const satisfies Record<string, AnyJob>;

export type JobName = keyof typeof JOBS;
export type CatalogJob = (typeof JOBS)[JobName];

/** Every queue some job of the catalog runs on. */
export function catalogQueues(): string[] {
  return [...new Set(Object.values(JOBS).map((job: AnyJob) => job.queue))];
}

export { approvalConsumed, approvalExpire, approvalNotify, approvalPersist, approvalWithdraw, webhookDeliver };
export { ApprovalWithdrawPayload } from "./approval-withdraw.ts";
export { ApprovalConsumedPayload } from "./approval-consumed.ts";
export { ApprovalExpirePayload } from "./approval-expire.ts";
export { ApprovalNotifyPayload } from "./approval-notify.ts";
export { ApprovalPersistPayload } from "./approval-persist.ts";
export { WebhookDeliverPayload } from "./webhook-deliver.ts";
export { RetentionPurgeDecisionLogsPayload, retentionPurgeDecisionLogs } from "./retention-purge-decision-logs.ts";
export { CAPTURE_PURGE_EVERY_MS, RetentionPurgeCapturedArgumentsPayload, retentionPurgeCapturedArguments } from "./retention-purge-captured-arguments.ts";
export { RETENTION_SWEEP_EVERY_MS, RetentionSweepPayload, retentionSweep, scheduleRetentionSweep } from "./retention-sweep.ts";
export { DEFAULT_DISCOVERY_INTERVAL_MS, ToolsDiscoverPayload, ToolsScanPayload, toolsDiscover, toolsScan } from "./tools-discover.ts";
export { scheduleRepeating } from "./schedule.ts";
export { type AnyJob, type JobBackoff, type JobDefinition, type JobInput, type JobPayload, defineJob, safeJobId } from "./define-job.ts";
