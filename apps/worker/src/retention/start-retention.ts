// Runs the retention jobs in the worker process: schedules the daily sweep and the hourly
// captured-arguments purge (idempotent across workers) and consumes the "retention" queue. Returns its close for the shutdown sequence.
import type { Db } from "@gatehouse/db";
import { CAPTURE_PURGE_EVERY_MS, createProducer, createRedis, retentionPurgeCapturedArguments, runJobs, scheduleRepeating, scheduleRetentionSweep } from "@gatehouse/jobs";
import type { Logger } from "@gatehouse/shared/node";
import { retentionHandlers } from "./retention-jobs.ts";

export async function startRetention(options: { db: Db; redisUrl: string; log: Logger; everyMs?: number; captureEveryMs?: number; prefix?: string }): Promise<{ close(): Promise<void> }> {
  const producerConnection = createRedis(options.redisUrl, "producer");
  const workerConnection = createRedis(options.redisUrl, "worker");
  const prefix = options.prefix ? { prefix: options.prefix } : {};
  const producer = createProducer(producerConnection, prefix);
  const runner = runJobs({ connection: workerConnection, handlers: retentionHandlers({ db: options.db, producer }), log: options.log, concurrency: 1, ...prefix });
  await scheduleRetentionSweep(producerConnection, { ...(options.everyMs ? { everyMs: options.everyMs } : {}), ...prefix });
  await scheduleRepeating(producerConnection, retentionPurgeCapturedArguments, {}, options.captureEveryMs ?? CAPTURE_PURGE_EVERY_MS, prefix);
  return {
    async close() {
      await runner.close();
      await producer.close();
      producerConnection.disconnect();
      workerConnection.disconnect();
    },
  };
}
