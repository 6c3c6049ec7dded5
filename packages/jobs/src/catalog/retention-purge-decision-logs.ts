// retention.purge-decision-logs — deletes one org's decision logs older than its retention, in
// bounded batches (the handler: apps/worker/src/retention). One job per org per day: the id
// carries the day, so the daily sweep enqueued twice (two workers, a restart) is still one job.
import { z } from "zod";
import { defineJob, safeJobId } from "./define-job.ts";

export const RetentionPurgeDecisionLogsPayload = z.object({ orgId: z.string().min(1), day: z.iso.date() });
export type RetentionPurgeDecisionLogsPayload = z.infer<typeof RetentionPurgeDecisionLogsPayload>;

export const retentionPurgeDecisionLogs = defineJob({
  name: "retention.purge-decision-logs",
  queue: "retention",
  payload: RetentionPurgeDecisionLogsPayload,
  jobId: (p) => safeJobId("retention.purge-decision-logs", p.orgId, p.day),
  attempts: 5,
  backoff: { type: "exponential", delayMs: 30_000 },
});
