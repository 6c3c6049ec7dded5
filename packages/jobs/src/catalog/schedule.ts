// A catalog job that repeats (BullMQ job scheduler). Upserting is idempotent: every worker replica
// may call it at start, and there is still one schedule with one run per interval.
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { AnyJob, JobInput } from "./define-job.ts";
import { DEFAULT_JOBS_PREFIX } from "./producer.ts";

export async function scheduleRepeating<J extends AnyJob>(
  connection: Redis,
  job: J,
  payload: JobInput<J>,
  everyMs: number,
  options: { prefix?: string } = {},
): Promise<void> {
  const queue = new Queue(job.queue, { connection, prefix: options.prefix ?? DEFAULT_JOBS_PREFIX });
  queue.on("error", () => {});
  try {
    await queue.upsertJobScheduler(job.name, { every: everyMs }, {
      name: job.name,
      data: job.payload.parse(payload),
      opts: { attempts: job.attempts, backoff: { type: job.backoff.type, delay: job.backoff.delayMs }, removeOnComplete: job.keepCompleted ?? 1000, removeOnFail: 100 },
    });
  } finally {
    await queue.close();
  }
}
