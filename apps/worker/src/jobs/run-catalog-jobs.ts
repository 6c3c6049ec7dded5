// Every catalog job this worker handles, on one runner (one BullMQ Worker per queue).
import { type JobRunner, runJobs } from "@gatehouse/jobs";
import type { Redis } from "ioredis";
import { approvalHandlers, type JobDeps } from "./approval-handlers.ts";
import { webhookHandlers } from "./webhook-handlers.ts";

export function runCatalogJobs(deps: JobDeps & { connection: Redis; prefix: string; concurrency?: number }): JobRunner {
  return runJobs({
    connection: deps.connection,
    prefix: deps.prefix,
    log: deps.log,
    concurrency: deps.concurrency ?? 8,
    handlers: [...approvalHandlers(deps), ...webhookHandlers(deps)],
  });
}
