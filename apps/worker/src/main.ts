// `pnpm --filter @gatehouse/worker start`: ingests decision events from Redis into Postgres and
// runs the BullMQ job catalog (approvals, notifications) until SIGTERM/SIGINT, then finishes the
// batch and the jobs in hand and exits.
import { fileURLToPath } from "node:url";
import { createDb } from "@gatehouse/db";
import { ApprovalState, createBundleAnnouncer, createDecisionTailPublisher, createProducer, createRedis, runJobs, scheduleRepeating, toolsScan } from "@gatehouse/jobs";
import { parseEncryptionKey } from "@gatehouse/shared/node";
import { discoveryHandlers } from "./discovery/discovery-jobs.ts";
import { ingestDecisions } from "./decisions/ingest-decisions.ts";
import { startRetention } from "./retention/start-retention.ts";
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
// The tail publisher gets its own fail-fast connection: `redis` spends its time blocked in XREADGROUP.
const publisher = createRedis(config.REDIS_URL, "producer");
const tail = createDecisionTailPublisher(publisher, (error) => log.warn("live tail publish failed", errorFields(error)));
// Jobs: a worker connection for BullMQ consumers, a fail-fast producer for what handlers enqueue
// and publish (expiry, notifications, decision events to proxies).
const jobsRedis = createRedis(config.REDIS_URL, "worker");
const producerRedis = createRedis(config.REDIS_URL, "producer");
const producer = createProducer(producerRedis, { prefix: config.GATEHOUSE_JOBS_PREFIX });
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
// Retention (BullMQ): the daily sweep and its per-org purges.
const retention = await startRetention({ db, redisUrl: config.REDIS_URL, log, prefix: config.GATEHOUSE_JOBS_PREFIX });
// If the loop ends on its own (it crashed), shut down as on a signal rather than hang.
void running.finally(() => stop.abort());

const mailboxDir = config.GATEHOUSE_DEV_MAILBOX_DIR ?? fileURLToPath(new URL("../../../.gatehouse/mailbox", import.meta.url));
// SMTP when SMTP_URL is set; otherwise the file mailbox (/dev/mailbox on the dashboard).
const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.EMAIL_FROM, mailboxDir, log });
log.info("approval notifications", { via: config.SMTP_URL ? "smtp" : "file mailbox" });
const jobs = runCatalogJobs({
  db,
  connection: jobsRedis,
  prefix: config.GATEHOUSE_JOBS_PREFIX,
  // Without the key nothing encrypted can be read; approvals still work (arguments arrive sealed).
  secrets: { encryptionKey: config.GATEHOUSE_ENCRYPTION_KEY ? parseEncryptionKey(config.GATEHOUSE_ENCRYPTION_KEY) : Buffer.alloc(32) },
  approvals: new ApprovalState(producerRedis),
  jobs: producer,
  mailer,
  log,
  webUrl: config.GATEHOUSE_PUBLIC_WEB_URL,
  allowPrivateNetworks: config.GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS === "1" || config.GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS === "true",
});
log.info("job runner started", { prefix: config.GATEHOUSE_JOBS_PREFIX });
// Scheduled tool discovery (drift scan), when this worker can decrypt upstream credentials.
const discovery = await startDiscovery();

await new Promise<void>((resolve) => stop.signal.addEventListener("abort", () => resolve(), { once: true }));
// A blocked read returns within its block time; a command queued on a dead Redis never would.
const graceOver = new AbortController();
// Jobs in flight finish (BullMQ close waits for them); a job cut off by the grace returns to its
// queue when its lock expires and another worker takes it.
await Promise.race([Promise.all([running, jobs.close()]), sleep(SHUTDOWN_GRACE_MS, graceOver.signal)]);
graceOver.abort(); // clears the grace timer, which would otherwise hold the process open
await producer.close().catch(() => {});
mailer.close?.();
await retention.close().catch((error: unknown) => log.error("closing the retention jobs failed", errorFields(error)));
await discovery?.close();
redis.disconnect();
publisher.disconnect();
jobsRedis.disconnect();
producerRedis.disconnect();
await db.$disconnect();
log.info("stopped");

async function startDiscovery() {
  if (!config.GATEHOUSE_ENCRYPTION_KEY || config.GATEHOUSE_DISCOVERY_INTERVAL_MS === 0) {
    log.info("scheduled tool discovery is off", { reason: config.GATEHOUSE_ENCRYPTION_KEY ? "interval 0" : "no GATEHOUSE_ENCRYPTION_KEY" });
    return null;
  }
  const jobsRedis = createRedis(config.REDIS_URL, "worker");
  const prefix = config.GATEHOUSE_JOBS_PREFIX;
  const producer = createProducer(publisher, { prefix });
  const runner = runJobs({
    connection: jobsRedis,
    prefix,
    log,
    handlers: discoveryHandlers({
      db,
      producer,
      secrets: { encryptionKey: parseEncryptionKey(config.GATEHOUSE_ENCRYPTION_KEY) },
      allowPrivateNetworks: config.GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS === "1" || config.GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS === "true",
      bundles: createBundleAnnouncer(publisher),
    }),
  });
  await scheduleRepeating(publisher, toolsScan, {}, config.GATEHOUSE_DISCOVERY_INTERVAL_MS, { prefix }).catch((error: unknown) =>
    log.error("could not schedule tool discovery", errorFields(error)),
  );
  log.info("scheduled tool discovery", { everyMs: config.GATEHOUSE_DISCOVERY_INTERVAL_MS });
  return {
    async close() {
      await runner.close();
      await producer.close();
      jobsRedis.disconnect();
    },
  };
}
