// Retention of captured tools/call arguments: a system process (the worker's hourly
// retention.purge-captured-arguments job), deliberately across tenants, hence `unsafe`. Each
// server's rows older than its captureRetentionDays go in bounded batches — short statements on
// the (serverId, createdAt) index, like the decision log's purge (docs/adr/0005, 0011).
import type { Db } from "@gatehouse/db";
import { retentionCutoff } from "../decision-logs/retention.ts";

export type CapturePurgeResult = { servers: number; deleted: number; batches: number };

/** Deletes every server's expired captured arguments, `batchSize` rows per statement. */
export async function unsafePurgeExpiredCapturedArguments(db: Db, input: { now?: Date; batchSize?: number; signal?: AbortSignal } = {}): Promise<CapturePurgeResult> {
  const now = input.now ?? new Date();
  const batchSize = input.batchSize ?? 5000;
  // Servers holding captured rows (capture may be off by now: what was captured still expires).
  const servers = await db.$queryRaw<{ id: string; days: number }[]>`
    SELECT s."id", s."captureRetentionDays" AS days FROM "Server" s
    WHERE EXISTS (SELECT 1 FROM "CapturedArguments" c WHERE c."serverId" = s."id")
    ORDER BY s."id"`;
  let deleted = 0;
  let batches = 0;
  for (const server of servers) {
    const cutoff = retentionCutoff(now, server.days);
    for (;;) {
      if (input.signal?.aborted) return { servers: servers.length, deleted, batches };
      const count = await db.$executeRaw`
        DELETE FROM "CapturedArguments" WHERE "id" IN (
          SELECT "id" FROM "CapturedArguments" WHERE "serverId" = ${server.id} AND "createdAt" < ${cutoff}
          ORDER BY "createdAt" LIMIT ${batchSize})`;
      if (count === 0) break;
      deleted += count;
      batches += 1;
      if (count < batchSize) break;
    }
  }
  return { servers: servers.length, deleted, batches };
}
