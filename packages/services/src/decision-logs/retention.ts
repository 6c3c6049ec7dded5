// Retention enforcement: a system process (the worker's retention job), deliberately across
// tenants, hence the `unsafe` names (STYLE.md §2). Rows older than the org's retention are deleted
// in bounded batches — each a short statement on the (orgId, createdAt) index, so the table is
// never locked for long and the job can stop between batches. Why batches and not time
// partitions: docs/adr/0005.
import type { Db } from "@gatehouse/db";

const DAY_MS = 86_400_000;

export type PurgeResult = { orgId: string; cutoff: Date; deleted: number; batches: number };

/** The cutoff for an org: rows created strictly before it are expired. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/** Deletes one org's expired decision logs, `batchSize` rows per statement, until none is left. */
export async function unsafePurgeExpiredDecisionLogs(
  db: Db,
  input: { orgId: string; now?: Date; batchSize?: number; signal?: AbortSignal },
): Promise<PurgeResult> {
  const org = await db.organization.findUnique({ where: { id: input.orgId }, select: { decisionLogRetentionDays: true } });
  const cutoff = retentionCutoff(input.now ?? new Date(), org?.decisionLogRetentionDays ?? 30);
  const batchSize = input.batchSize ?? 5000;
  let deleted = 0;
  let batches = 0;
  if (!org) return { orgId: input.orgId, cutoff, deleted, batches };
  for (;;) {
    if (input.signal?.aborted) break;
    const count = await db.$executeRaw`
      DELETE FROM "DecisionLog" WHERE "id" IN (
        SELECT "id" FROM "DecisionLog" WHERE "orgId" = ${input.orgId} AND "createdAt" < ${cutoff}
        ORDER BY "createdAt" LIMIT ${batchSize})`;
    if (count === 0) break;
    deleted += count;
    batches += 1;
    if (count < batchSize) break;
  }
  return { orgId: input.orgId, cutoff, deleted, batches };
}

/** Every org id, for the daily sweep that enqueues one purge per org. */
export async function unsafeListOrgIds(db: Db): Promise<string[]> {
  const rows = await db.organization.findMany({ select: { id: true }, orderBy: { id: "asc" } });
  return rows.map((row) => row.id);
}
