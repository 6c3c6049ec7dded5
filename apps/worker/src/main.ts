// `pnpm --filter @gatehouse/worker start`: ingests decision events from Redis into Postgres and
// runs the BullMQ job catalog (approvals, notifications) until SIGTERM/SIGINT, then finishes the
// batch and the jobs in hand and exits.
import { fileURLToPath } from "node:url";
import { createDb } from "@gatehouse/db";
import { ApprovalState, createDecisionTailPublisher, createProducer, createRedis } from "@gatehouse/jobs";
import { parseEncryptionKey } from "@gatehouse/shared/node";
import { ingestDecisions } from "./decisions/ingest-decisions.ts";
import { env } from "./env.ts";
import { createLogger, errorFields } from "@gatehouse/shared/node";
import { createMailer } from "./jobs/mailer.ts";
import { runCatalogJobs } from "./jobs/run-catalog-jobs.ts";
import { sleep } from "./sleep.ts";

/** How long shutdown waits for the batch in hand before closing connections under it. */
const SHUTDOWN_GRACE_MS = 10_000;

const log = createLogger("info", { service: "worker" });
const config = env();
const db = createDb(config.DATABASE_URL, { maxConnections: 6 });
const redis = createRedis(config.REDIS_URL, "worker");
// Jobs: a worker connection for BullMQ consumers, a fail-fast producer for what handlers enqueue
// and publish (expiry, notifications, decision events to proxies).
const jobsRedis = createRedis(config.REDIS_URL, "worker");
const producerRedis = createRedis(config.REDIS_URL, "producer");
const producer = createProducer(producerRedis, { prefix: config.GATEHOUSE_JOBS_PREFIX });
// The tail publisher gets its own fail-fast connection: `redis` spends its time blocked in XREADGROUP.
const publisher = createRedis(config.REDIS_URL, "producer");
const tail = createDecisionTailPublisher(publisher, (error) => log.warn("live tail publish failed", errorFields(error)));
const stop = new AbortController();

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    log.info("shutting down", { signal });
    stop.abort();
  });
}

const running = ingestDecisions({ db, redis, log, tail, consumer: config.WORKER_CONSUMER_NAME }, stop.signal).catch((error: unknown) => {
  log.error("decision ingestion crashed", errorFields(error));
  process.exitCode = 1;
});
// If the loop ends on its own (it crashed), shut down as on a signal rather than hang.
void running.finally(() => stop.abort());

const mailboxDir = config.GATEHOUSE_DEV_MAILBOX_DIR ?? fileURLToPath(new URL("../../../.gatehouse/mailbox", import.meta.url));
const jobs = runCatalogJobs({
  db,
  connection: jobsRedis,
  prefix: config.GATEHOUSE_JOBS_PREFIX,
  // Without the key nothing encrypted can be read; approvals still work (arguments arrive sealed).
  secrets: { encryptionKey: config.GATEHOUSE_ENCRYPTION_KEY ? parseEncryptionKey(config.GATEHOUSE_ENCRYPTION_KEY) : Buffer.alloc(32) },
  approvals: new ApprovalState(producerRedis),
  jobs: producer,
  mailer: createMailer({ mailboxDir, log }),
  log,
  webUrl: config.GATEHOUSE_PUBLIC_WEB_URL,
});
log.info("job runner started", { prefix: config.GATEHOUSE_JOBS_PREFIX });

await new Promise<void>((resolve) => stop.signal.addEventListener("abort", () => resolve(), { once: true }));
// A blocked read returns within its block time; a command queued on a dead Redis never would.
const graceOver = new AbortController();
// Jobs in flight finish (BullMQ close waits for them); a job cut off by the grace returns to its
// queue when its lock expires and another worker takes it.
await Promise.race([Promise.all([running, jobs.close()]), sleep(SHUTDOWN_GRACE_MS, graceOver.signal)]);
graceOver.abort(); // clears the grace timer, which would otherwise hold the process open
await producer.close().catch(() => {});
redis.disconnect();
jobsRedis.disconnect();
producerRedis.disconnect();
publisher.disconnect();
await db.$disconnect();
log.info("stopped");
