// One job in the catalog (STYLE.md practice 6): its name, the queue it runs on, a zod payload
// schema parsed before the handler runs (and before it is enqueued), a deterministic job id so a
// repeated enqueue of the same work is one job, and its retry policy.
import type { z } from "zod";

export type JobBackoff = { type: "exponential" | "fixed"; delayMs: number };

export type JobDefinition<Name extends string = string, Payload extends z.ZodType = z.ZodType> = {
  name: Name;
  /** BullMQ queue the job runs on; one worker per queue dispatches by job name. No ":" allowed. */
  queue: string;
  payload: Payload;
  /** Deterministic id: enqueueing the same work twice (a retried request, two replicas) is one job. */
  jobId(payload: z.output<Payload>): string;
  attempts: number;
  backoff: JobBackoff;
  /** Completed jobs kept for inspection (count); failed jobs are always kept until removed. */
  keepCompleted?: number;
};

export type AnyJob = JobDefinition<string, z.ZodType>;
export type JobPayload<J extends AnyJob> = z.output<J["payload"]>;
export type JobInput<J extends AnyJob> = z.input<J["payload"]>;

export function defineJob<const Name extends string, Payload extends z.ZodType>(job: JobDefinition<Name, Payload>): JobDefinition<Name, Payload> {
  if (job.queue.includes(":")) throw new Error(`Job ${job.name}: queue names cannot contain ":"`);
  if (job.attempts < 1) throw new Error(`Job ${job.name}: attempts must be at least 1`);
  return job;
}

/** BullMQ refuses custom ids with ":" and ids that look like integers; keep ids readable anyway. */
export function safeJobId(...parts: string[]): string {
  return parts.join("__").replace(/:/g, "_");
}
