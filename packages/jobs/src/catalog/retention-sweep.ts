// retention.sweep — a repeatable job (daily by default, see scheduleRetentionSweep): enqueues one
// retention.purge-decision-logs per org. Split so one org's slow purge or failure retries alone.
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { z } from "zod";
import { defineJob, safeJobId } from "./define-job.ts";
import { DEFAULT_JOBS_PREFIX } from "./producer.ts";

export const RetentionSweepPayload = z.object({});
export type RetentionSweepPayload = z.infer<typeof RetentionSweepPayload>;

export const retentionSweep = defineJob({
  name: "retention.sweep",
  queue: "retention",
  payload: RetentionSweepPayload,
  // An enqueued (not scheduled) sweep runs once per day; the scheduler's runs get their own ids.
  jobId: () => safeJobId("retention.sweep", new Date().toISOString().slice(0, 10)),
  attempts: 3,
  backoff: { type: "exponential", delayMs: 60_000 },
});

export const RETENTION_SWEEP_EVERY_MS = 24 * 3_600_000;

/**
 * Makes retention.sweep repeat every `everyMs` (a BullMQ job scheduler: one schedule per Redis,
 * however many workers call this; calling again updates it). Give it a producer connection.
 */
export async function scheduleRetentionSweep(connection: Redis, options: { everyMs?: number; prefix?: string } = {}): Promise<void> {
  const queue = new Queue(retentionSweep.queue, { connection, prefix: options.prefix ?? DEFAULT_JOBS_PREFIX });
  queue.on("error", () => {});
  try {
    await queue.upsertJobScheduler(
      retentionSweep.name,
      { every: options.everyMs ?? RETENTION_SWEEP_EVERY_MS },
      { name: retentionSweep.name, data: {}, opts: { attempts: retentionSweep.attempts, backoff: { type: retentionSweep.backoff.type, delay: retentionSweep.backoff.delayMs }, removeOnComplete: 100, removeOnFail: 100 } },
    );
  } finally {
    await queue.close();
  }
}
