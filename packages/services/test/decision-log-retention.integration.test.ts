// Retention: exactly the rows older than the org's cutoff go, in bounded batches, and nothing
// newer, nothing of another org.
import { createDb } from "@gatehouse/db";
import { createTestOrg, seedDecisionLogs, testDatabaseUrl } from "@gatehouse/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { retentionCutoff, unsafePurgeExpiredDecisionLogs, updateDecisionLogSettings } from "../src/index.ts";
import { ctxFor } from "./helpers.ts";

const db = createDb(testDatabaseUrl(), { maxConnections: 2 });
afterAll(async () => db.$disconnect());

const DAY = 86_400_000;

describe("unsafePurgeExpiredDecisionLogs", () => {
  it("deletes exactly the rows older than the cutoff, in batches, and keeps everything newer and every other org's", async () => {
    const org = await createTestOrg(db);
    const other = await createTestOrg(db);
    await updateDecisionLogSettings(ctxFor(db, org.id), { retentionDays: 7 });
    const now = new Date();
    // 1,000 rows spread over the last 20 days (one every ~29 minutes), in both orgs.
    for (const orgId of [org.id, other.id]) await seedDecisionLogs(db, { orgId, count: 1000, newest: now, oldest: new Date(now.getTime() - 20 * DAY) });
    // Rows on either side of the cutoff, to the millisecond.
    const cutoff = retentionCutoff(now, 7);
    expect(cutoff.getTime()).toBe(now.getTime() - 7 * DAY);
    await db.decisionLog.createMany({
      data: [
        { id: `dec_edge_old_${org.id}`, orgId: org.id, requestId: "r", method: "tools/call", outcome: "allowed", createdAt: new Date(cutoff.getTime() - 1) },
        { id: `dec_edge_kept_${org.id}`, orgId: org.id, requestId: "r", method: "tools/call", outcome: "allowed", createdAt: cutoff },
      ],
    });
    const expired = await db.decisionLog.count({ where: { orgId: org.id, createdAt: { lt: cutoff } } });
    const kept = await db.decisionLog.findMany({ where: { orgId: org.id, createdAt: { gte: cutoff } }, select: { id: true }, orderBy: { id: "asc" } });
    const otherBefore = await db.decisionLog.count({ where: { orgId: other.id } });
    expect(expired).toBeGreaterThan(600);

    const result = await unsafePurgeExpiredDecisionLogs(db, { orgId: org.id, now, batchSize: 100 });

    expect(result.deleted).toBe(expired);
    expect(result.batches).toBe(Math.ceil(expired / 100));
    expect(await db.decisionLog.count({ where: { orgId: org.id, createdAt: { lt: cutoff } } })).toBe(0);
    expect(await db.decisionLog.findMany({ where: { orgId: org.id }, select: { id: true }, orderBy: { id: "asc" } })).toEqual(kept);
    expect(kept.map((k) => k.id)).toContain(`dec_edge_kept_${org.id}`);
    expect(await db.decisionLog.count({ where: { orgId: other.id } })).toBe(otherBefore);

    // A second run finds nothing to do.
    expect((await unsafePurgeExpiredDecisionLogs(db, { orgId: org.id, now, batchSize: 100 })).deleted).toBe(0);
  });

  it("uses the default of 30 days, and ignores an org that no longer exists", async () => {
    const org = await createTestOrg(db);
    const now = new Date();
    await seedDecisionLogs(db, { orgId: org.id, count: 100, newest: now, oldest: new Date(now.getTime() - 60 * DAY) });
    const expired = await db.decisionLog.count({ where: { orgId: org.id, createdAt: { lt: new Date(now.getTime() - 30 * DAY) } } });
    expect((await unsafePurgeExpiredDecisionLogs(db, { orgId: org.id, now })).deleted).toBe(expired);
    expect(await db.decisionLog.count({ where: { orgId: org.id } })).toBe(100 - expired);
    expect((await unsafePurgeExpiredDecisionLogs(db, { orgId: "org_gone", now })).deleted).toBe(0);
  });
});
