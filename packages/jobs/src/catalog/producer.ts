// Enqueues catalog jobs. Give it a producer connection (createRedis(url, "producer")): a dead
// Redis must fail an enqueue fast so the caller can fail closed or retry, never hang a request.
// The payload is parsed here too, so a bad payload fails at the caller, not later in a worker.
import { type JobsOptions, Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { AnyJob, JobInput } from "./define-job.ts";

export type EnqueueOptions = {
  /** Run no earlier than this many ms from now (approval.expire runs at the expiry). */
  delayMs?: number;
};

export type Producer = {
  enqueue<J extends AnyJob>(job: J, payload: JobInput<J>, options?: EnqueueOptions): Promise<string>;
  close(): Promise<void>;
};

export type ProducerOptions = {
  /** BullMQ key prefix; tests give each run its own so parallel runs never share queues. */
  prefix?: string;
};

export const DEFAULT_JOBS_PREFIX = "gatehouse-jobs";

export function createProducer(connection: Redis, options: ProducerOptions = {}): Producer {
  const prefix = options.prefix ?? DEFAULT_JOBS_PREFIX;
  const queues = new Map<string, Queue>();
  const queueFor = (name: string): Queue => {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection, prefix });
      // Errors are reported through the failing `add` call; this keeps EventEmitter from throwing.
      queue.on("error", () => {});
      queues.set(name, queue);
    }
    return queue;
  };
  return {
    async enqueue(job, payload, opts = {}) {
      const data = job.payload.parse(payload);
      const jobId = job.jobId(data);
      const jobOptions: JobsOptions = {
        jobId,
        attempts: job.attempts,
        backoff: { type: job.backoff.type, delay: job.backoff.delayMs },
        removeOnComplete: job.keepCompleted ?? 1000,
        // Failed jobs stay visible (queue dashboards, `getFailed`) until someone removes them.
        removeOnFail: false,
        ...(opts.delayMs !== undefined && opts.delayMs > 0 ? { delay: Math.ceil(opts.delayMs) } : {}),
      };
      await queueFor(job.queue).add(job.name, data, jobOptions);
      return jobId;
    },
    async close() {
      // The connection belongs to the caller; Queue.close would not end a passed-in instance anyway.
      await Promise.all([...queues.values()].map((q) => q.close()));
      queues.clear();
    },
  };
}
