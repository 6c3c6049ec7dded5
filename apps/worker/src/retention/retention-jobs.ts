// Handlers of the retention jobs: the daily sweep fans out one purge per org; a purge deletes the
// org's expired decision logs in bounded batches (services: unsafePurgeExpiredDecisionLogs). The
// hourly captured-arguments purge deletes every server's expired captured arguments the same way.
import type { Db } from "@gatehouse/db";
import { type HandlerEntry, type Producer, handle, retentionPurgeCapturedArguments, retentionPurgeDecisionLogs, retentionSweep } from "@gatehouse/jobs";
import { unsafeListOrgIds, unsafePurgeExpiredCapturedArguments, unsafePurgeExpiredDecisionLogs } from "@gatehouse/services";

export type RetentionDeps = {
  db: Db;
  producer: Producer;
  /** Which orgs the sweep covers (default: every org). */
  listOrgIds?: () => Promise<string[]>;
  batchSize?: number;
  now?: () => Date;
};

export function retentionHandlers(deps: RetentionDeps): HandlerEntry[] {
  const now = deps.now ?? (() => new Date());
  return [
    handle(retentionSweep, async (_payload, { log }) => {
      const orgIds = await (deps.listOrgIds ?? (() => unsafeListOrgIds(deps.db)))();
      const day = now().toISOString().slice(0, 10);
      for (const orgId of orgIds) await deps.producer.enqueue(retentionPurgeDecisionLogs, { orgId, day });
      log.info("retention sweep enqueued purges", { orgs: orgIds.length, day });
    }),
    handle(retentionPurgeDecisionLogs, async ({ orgId }, { log }) => {
      const result = await unsafePurgeExpiredDecisionLogs(deps.db, { orgId, now: now(), ...(deps.batchSize ? { batchSize: deps.batchSize } : {}) });
      if (result.deleted > 0) log.info("expired decision logs deleted", { orgId, deleted: result.deleted, batches: result.batches, cutoff: result.cutoff.toISOString() });
    }),
    handle(retentionPurgeCapturedArguments, async (_payload, { log }) => {
      const result = await unsafePurgeExpiredCapturedArguments(deps.db, { now: now(), ...(deps.batchSize ? { batchSize: deps.batchSize } : {}) });
      if (result.deleted > 0) log.info("expired captured arguments deleted", { servers: result.servers, deleted: result.deleted, batches: result.batches });
    }),
  ];
}
