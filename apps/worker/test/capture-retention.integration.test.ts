// The captured-arguments purge through a real BullMQ queue (a private key prefix): each server's
// captured arguments older than its own retention go, in bounded batches, whether or not capture
// is still on; newer rows and other servers' rows stay.
import { randomBytes } from "node:crypto";
import { createDb } from "@gatehouse/db";
import { createTestOrg, createTestServer, testDatabaseUrl } from "@gatehouse/db/testing";
import { createProducer, createRedis, retentionPurgeCapturedArguments, runJobs } from "@gatehouse/jobs";
import { Queue } from "bullmq";
import { afterAll, expect, it } from "vitest";
import { retentionHandlers } from "../src/index.ts";
import { capturingLogger, redisUrl, waitUntil } from "./support.ts";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const db = createDb(testDatabaseUrl(), { maxConnections: 2 });
const prefix = `gatehouse-test-${randomBytes(5).toString("hex")}`;
const producerConnection = createRedis(redisUrl, "producer");
const workerConnection = createRedis(redisUrl, "worker");
const producer = createProducer(producerConnection, { prefix });

afterAll(async () => {
  const queue = new Queue("retention", { connection: producerConnection, prefix });
  await queue.obliterate({ force: true }).catch(() => {});
  await queue.close();
  await producer.close();
  producerConnection.disconnect();
  workerConnection.disconnect();
  await db.$disconnect();
});

/** One captured row every 6 hours over the last `days` days (the envelope's content does not matter here). */
async function seedCaptured(orgId: string, serverId: string, now: Date, days: number): Promise<void> {
  const data = Array.from({ length: (days * 24) / 6 }, (_, i) => ({
    id: `dec_cap_${serverId}_${i}`,
    orgId,
    serverId,
    argsEnc: "v1.aXY.dGFn.Y3Q",
    createdAt: new Date(now.getTime() - i * 6 * HOUR - 1000),
  }));
  await db.capturedArguments.createMany({ data });
}

it("purges each server's captured arguments older than its retention, in batches, and nothing newer", async () => {
  const now = new Date();
  const org = await createTestOrg(db);
  const other = await createTestOrg(db);
  const weekly = await createTestServer(db, { orgId: org.id });
  await db.server.update({ where: { id: weekly.id }, data: { captureArguments: true } });
  // Capture since switched off: what was captured still expires, after this server's 2 days.
  const short = await createTestServer(db, { orgId: org.id });
  await db.server.update({ where: { id: short.id }, data: { captureArguments: false, captureRetentionDays: 2 } });
  const long = await createTestServer(db, { orgId: other.id });
  await db.server.update({ where: { id: long.id }, data: { captureArguments: true, captureRetentionDays: 30 } });
  for (const [orgId, serverId] of [[org.id, weekly.id], [org.id, short.id], [other.id, long.id]] as const) await seedCaptured(orgId, serverId, now, 20);
  const kept = async (serverId: string, days: number) =>
    db.capturedArguments.count({ where: { serverId, createdAt: { gte: new Date(now.getTime() - days * DAY) } } });
  const expected = { weekly: await kept(weekly.id, 7), short: await kept(short.id, 2), long: await db.capturedArguments.count({ where: { serverId: long.id } }) };
  expect(expected.weekly).toBe(28);
  expect(expected.short).toBe(8);
  expect(expected.long).toBe(80);

  const { log } = capturingLogger();
  const runner = runJobs({ connection: workerConnection, prefix, log, handlers: retentionHandlers({ db, producer, listOrgIds: async () => [], batchSize: 10, now: () => now }) });
  try {
    await producer.enqueue(retentionPurgeCapturedArguments, {});
    await waitUntil(
      async () =>
        (await db.capturedArguments.count({ where: { serverId: weekly.id } })) === expected.weekly &&
        (await db.capturedArguments.count({ where: { serverId: short.id } })) === expected.short,
      20_000,
    );
    expect(await db.capturedArguments.count({ where: { serverId: weekly.id, createdAt: { lt: new Date(now.getTime() - 7 * DAY) } } })).toBe(0);
    expect(await db.capturedArguments.count({ where: { serverId: long.id } })).toBe(expected.long);
  } finally {
    await runner.close();
  }
});
