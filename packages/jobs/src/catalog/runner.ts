// Runs catalog jobs: one BullMQ Worker per queue, dispatching by job name to its handler after
// parsing the payload with the job's schema (a payload that does not parse fails the job without
// retrying: retrying cannot fix it). Every failure is logged with the job's name and id, never
// swallowed; failed jobs stay in the queue's failed set. close() stops taking jobs and waits for
// the ones in flight (BullMQ returns a job whose lock is lost to the queue for another worker).
import { type Job, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "@gatehouse/shared/node";
import { errorFields } from "@gatehouse/shared/node";
import type { AnyJob, JobPayload } from "./define-job.ts";
import { DEFAULT_JOBS_PREFIX } from "./producer.ts";

export type JobContext = { jobId: string; attempt: number; attempts: number; log: Logger };
export type JobHandler<J extends AnyJob> = (payload: JobPayload<J>, context: JobContext) => Promise<void>;

/** A job definition with its handler; build entries with `handle(job, fn)` to keep them typed. */
export type HandlerEntry = { job: AnyJob; run: (payload: unknown, context: JobContext) => Promise<void> };

export function handle<J extends AnyJob>(job: J, run: JobHandler<J>): HandlerEntry {
  return { job, run: run as HandlerEntry["run"] };
}

export type RunnerOptions = {
  /** A worker connection (createRedis(url, "worker")): BullMQ duplicates it for blocking reads. */
  connection: Redis;
  handlers: HandlerEntry[];
  log: Logger;
  prefix?: string;
  concurrency?: number;
};

export type JobRunner = { workers: Worker[]; close(): Promise<void> };

export function runJobs(options: RunnerOptions): JobRunner {
  const { log } = options;
  const byQueue = new Map<string, Map<string, HandlerEntry>>();
  for (const entry of options.handlers) {
    const names = byQueue.get(entry.job.queue) ?? new Map<string, HandlerEntry>();
    if (names.has(entry.job.name)) throw new Error(`Two handlers for job ${entry.job.name}`);
    names.set(entry.job.name, entry);
    byQueue.set(entry.job.queue, names);
  }
  const workers = [...byQueue].map(([queue, entries]) => {
    const worker = new Worker(
      queue,
      async (job: Job) => {
        const entry = entries.get(job.name);
        if (!entry) throw new UnrecoverableError(`No handler for job ${job.name} on queue ${queue}`);
        const parsed = entry.job.payload.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`Invalid payload for ${job.name}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
        const attempts = job.opts.attempts ?? 1;
        await entry.run(parsed.data, { jobId: job.id ?? "", attempt: job.attemptsMade + 1, attempts, log });
      },
      { connection: options.connection, prefix: options.prefix ?? DEFAULT_JOBS_PREFIX, concurrency: options.concurrency ?? 4 },
    );
    worker.on("failed", (job, error) => {
      const final = job ? job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError : true;
      log[final ? "error" : "warn"](final ? "job failed" : "job attempt failed, will retry", {
        queue,
        job: job?.name,
        jobId: job?.id,
        attempt: job?.attemptsMade,
        ...errorFields(error),
      });
    });
    worker.on("error", (error) => log.error("job worker error", { queue, ...errorFields(error) }));
    return worker;
  });
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
