// The decision-log ingestion loop: read a batch from the stream, store it, acknowledge it.
//
// Order of reads: first this consumer's own pending entries (left by a previous run that died
// or lost Postgres), then, every `claimEveryMs`, entries other consumers left pending for longer
// than `claimIdleMs` (they died), and otherwise new entries, blocking up to `blockMs`.
//
// Nothing is acknowledged before Postgres has it. While Postgres is down the batch is retried
// with back-off and no new entries are read: they wait in Redis. On shutdown a blocking read is
// given up at once, and the current batch is finished if it can be; if not, it stays pending for
// the next run or another consumer.
import type { Db } from "@gatehouse/db";
import { DECISION_STREAM, type DecisionTailPublisher } from "@gatehouse/jobs";
import type { Redis } from "ioredis";
import { type Logger, errorFields } from "@gatehouse/shared/node";
import { sleep } from "../sleep.ts";
import { parseEntries } from "./parse-entries.ts";
import { storeDecisions } from "./store-decisions.ts";
import { storeCapturedArguments, withoutCapturedArguments } from "./store-captured-arguments.ts";
import { recordTokenUse } from "./record-token-use.ts";
import { type StreamEntry, type StreamRef, ackAndDelete, claimStale, ensureGroup, readGroup } from "./stream.ts";

export type IngestOptions = {
  db: Db;
  /** A worker-role connection (`createRedis(url, "worker")`): blocking reads, retried forever. */
  redis: Redis;
  log: Logger;
  consumer: string;
  /** Announces stored events to the dashboard's live tail (after the insert; failures only logged). */
  tail?: DecisionTailPublisher;
  stream?: StreamRef;
  /** Events per insert, about (entries hold batches: see entriesToRead). */
  batchSize?: number;
  blockMs?: number;
  claimIdleMs?: number;
  claimEveryMs?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
};

export async function ingestDecisions(options: IngestOptions, signal: AbortSignal): Promise<void> {
  const { db, redis, log, consumer } = options;
  const stream = options.stream ?? DECISION_STREAM;
  const batchSize = options.batchSize ?? 500;
  const blockMs = options.blockMs ?? 1000;
  const claimIdleMs = options.claimIdleMs ?? 60_000;
  const claimEveryMs = options.claimEveryMs ?? 15_000;
  const backoff = createBackoff(options.retryInitialMs ?? 250, options.retryMaxMs ?? 5000);

  // Entries hold batches of events (a proxy's flush, up to 500): read as many entries as make
  // about `batchSize` events, judged by the largest entry of the last read (not the average: one
  // full batch among older single-event entries must shrink the next read), so one insert stays
  // about that size.
  let eventsPerEntry = 1;
  const entriesToRead = () => Math.max(1, Math.floor(batchSize / eventsPerEntry));

  let ownPendingLeft = true;
  let claimCursor = "0-0";
  let nextClaimAt = 0;

  async function nextBatch(): Promise<StreamEntry[]> {
    if (ownPendingLeft) {
      const own = await readGroup(redis, stream, consumer, "0", entriesToRead(), null);
      if (own.length > 0) return own;
      ownPendingLeft = false;
    }
    if (Date.now() >= nextClaimAt) {
      const claimed = await claimStale(redis, stream, consumer, claimIdleMs, claimCursor, entriesToRead());
      claimCursor = claimed.cursor;
      // Keep claiming while the scan has further to go; otherwise wait for the next round.
      nextClaimAt = claimCursor === "0-0" ? Date.now() + claimEveryMs : 0;
      if (claimed.entries.length > 0) {
        log.info("reclaimed stale decision events", { count: claimed.entries.length });
        return claimed.entries;
      }
    }
    return untilAborted(readGroup(redis, stream, consumer, ">", entriesToRead(), blockMs), signal);
  }

  async function ingest(entries: StreamEntry[]): Promise<void> {
    const { events, rejected, sizes } = parseEntries(entries);
    eventsPerEntry = Math.max(1, ...sizes);
    for (const { streamId, index, reason } of rejected) log.warn("decision event rejected", { streamId, index, reason });
    for (;;) {
      try {
        const result = await storeDecisions(db, events);
        if (result.unknownOrg > 0) log.warn("decision events dropped: organization not found", { count: result.unknownOrg });
        if (result.refused > 0) log.error("decision events dropped: refused by the database", { count: result.refused, code: result.refusedCode });
        // After the log rows, before the ack: a failure retries the batch (the log insert is idempotent).
        const captured = await storeCapturedArguments(db, events);
        // Best effort: a lost lastUsedAt is not worth holding the stream for.
        await recordTokenUse(db, events).catch((error: unknown) => log.warn("recording token use failed", errorFields(error)));
        await ackAndDelete(redis, stream, entries.map((entry) => entry.id));
        backoff.reset();
        if (options.tail && events.length > 0) await options.tail.publish(events.map(withoutCapturedArguments));
        log.info("decision events ingested", { read: entries.length, inserted: result.inserted, duplicates: result.duplicates, rejected: rejected.length, captured });
        return;
      } catch (error) {
        // Shutdown during an outage: leave the batch pending rather than wait for Postgres.
        if (signal.aborted) {
          log.warn("stopping with a batch not stored; it stays pending", { count: entries.length });
          return;
        }
        const delayMs = backoff.next();
        log.error("storing decision events failed (or their acknowledgement); retrying", { ...errorFields(error), count: entries.length, retryInMs: delayMs });
        await sleep(delayMs, signal);
      }
    }
  }

  await ensureGroup(redis, stream);
  log.info("decision ingestion started", { stream: stream.key, group: stream.group, consumer });
  while (!signal.aborted) {
    try {
      const entries = await nextBatch();
      if (entries.length > 0) await ingest(entries);
    } catch (error) {
      // Redis trouble (the connection retries on its own): pause, then read again.
      const delayMs = backoff.next();
      log.error("reading decision events failed", { ...errorFields(error), retryInMs: delayMs });
      await sleep(delayMs, signal);
    }
  }
  log.info("decision ingestion stopped", { consumer });
}

/**
 * The blocking read, given up at once on shutdown instead of waited out (up to `blockMs`). An
 * entry Redis hands the abandoned read still lands in this consumer's pending list, unacknowledged:
 * the next run of this consumer reads its own pending entries first, and other consumers reclaim
 * them after `claimIdleMs`, so giving up the read loses nothing.
 */
function untilAborted(read: Promise<StreamEntry[]>, signal: AbortSignal): Promise<StreamEntry[]> {
  if (signal.aborted) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const abandon = () => {
      // The caller disconnects the connection after shutdown, which fails the read: nobody awaits it now.
      read.catch(() => {});
      resolve([]);
    };
    signal.addEventListener("abort", abandon, { once: true });
    read.then(
      (entries) => {
        signal.removeEventListener("abort", abandon);
        resolve(entries);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", abandon);
        reject(error);
      },
    );
  });
}

function createBackoff(initialMs: number, maxMs: number) {
  let current = initialMs;
  return {
    next(): number {
      const delay = current;
      current = Math.min(current * 2, maxMs);
      return delay;
    },
    reset(): void {
      current = initialMs;
    },
  };
}
