// `pnpm --filter @gatehouse/worker start`: ingests decision events from Redis into Postgres until
// SIGTERM/SIGINT, then finishes the batch in hand and exits.
import { createDb } from "@gatehouse/db";
import { createDecisionTailPublisher, createRedis } from "@gatehouse/jobs";
import { ingestDecisions } from "./decisions/ingest-decisions.ts";
import { env } from "./env.ts";
import { createLogger, errorFields } from "@gatehouse/shared/node";
import { sleep } from "./sleep.ts";

/** How long shutdown waits for the batch in hand before closing connections under it. */
const SHUTDOWN_GRACE_MS = 10_000;

const log = createLogger("info", { service: "worker" });
const config = env();
const db = createDb(config.DATABASE_URL, { maxConnections: 4 });
const redis = createRedis(config.REDIS_URL, "worker");
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

await new Promise<void>((resolve) => stop.signal.addEventListener("abort", () => resolve(), { once: true }));
// A blocked read returns within its block time; a command queued on a dead Redis never would.
const graceOver = new AbortController();
await Promise.race([running, sleep(SHUTDOWN_GRACE_MS, graceOver.signal)]);
graceOver.abort(); // clears the grace timer, which would otherwise hold the process open
redis.disconnect();
publisher.disconnect();
await db.$disconnect();
log.info("stopped");
