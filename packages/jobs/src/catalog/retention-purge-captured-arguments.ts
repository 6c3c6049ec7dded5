// retention.purge-captured-arguments — repeated hourly (a job scheduler, one per Redis however many
// workers): deletes every server's captured tools/call arguments older than its retention, in
// bounded batches (the handler: apps/worker/src/retention). Hourly rather than with the daily
// sweep, so a 7-day retention means about 7 days, not up to 8. Why its own job: docs/adr/0011.
import { z } from "zod";
import { defineJob, safeJobId } from "./define-job.ts";

export const RetentionPurgeCapturedArgumentsPayload = z.object({});
export type RetentionPurgeCapturedArgumentsPayload = z.infer<typeof RetentionPurgeCapturedArgumentsPayload>;

export const retentionPurgeCapturedArguments = defineJob({
  name: "retention.purge-captured-arguments",
  queue: "retention",
  payload: RetentionPurgeCapturedArgumentsPayload,
  // An enqueued (not scheduled) purge runs once per hour; the scheduler's runs get their own ids.
  jobId: () => safeJobId("retention.purge-captured-arguments", new Date().toISOString().slice(0, 13)),
  attempts: 3,
  backoff: { type: "exponential", delayMs: 60_000 },
  keepCompleted: 50,
});

export const CAPTURE_PURGE_EVERY_MS = 3_600_000;
