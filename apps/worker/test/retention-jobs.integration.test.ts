// The retention jobs through real BullMQ queues (a private key prefix per run): the sweep fans
// out one purge per org, each purge deletes exactly that org's expired rows, and a second sweep
// the same day adds no second purge.
import { randomBytes } from "node:crypto";
import { createDb } from "@gatehouse/db";
import { createTestOrg, seedDecisionLogs, testDatabaseUrl } from "@gatehouse/db/testing";
import { createProducer, createRedis, retentionPurgeDecisionLogs, retentionSweep, runJobs } from "@gatehouse/jobs";
import { Queue } from "bullmq";
import { afterAll, expect, it } from "vitest";
import { retentionHandlers } from "../src/index.ts";
import { capturingLogger, redisUrl, waitUntil } from "./support.ts";

const DAY = 86_400_000;
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

it("the sweep purges each org's expired decision logs, one purge per org per day", async () => {
  const now = new Date();
  const short = await createTestOrg(db);
  await db.organization.update({ where: { id: short.id }, data: { decisionLogRetentionDays: 7 } });
  const standard = await createTestOrg(db);
  for (const orgId of [short.id, standard.id]) await seedDecisionLogs(db, { orgId, count: 600, newest: now, oldest: new Date(now.getTime() - 60 * DAY) });
  const expected = {
    short: await db.decisionLog.count({ where: { orgId: short.id, createdAt: { gte: new Date(now.getTime() - 7 * DAY) } } }),
    standard: await db.decisionLog.count({ where: { orgId: standard.id, createdAt: { gte: new Date(now.getTime() - 30 * DAY) } } }),
  };
  expect(expected.short).toBeLessThan(100);

  const { log } = capturingLogger();
  const runner = runJobs({
    connection: workerConnection,
    prefix,
    log,
    handlers: retentionHandlers({ db, producer, listOrgIds: async () => [short.id, standard.id], batchSize: 100, now: () => now }),
  });
  try {
    await producer.enqueue(retentionSweep, {});
    await waitUntil(
      async () =>
        (await db.decisionLog.count({ where: { orgId: short.id } })) === expected.short &&
        (await db.decisionLog.count({ where: { orgId: standard.id } })) === expected.standard,
      20_000,
    );
    // Nothing newer than either cutoff went.
    expect(await db.decisionLog.count({ where: { orgId: short.id, createdAt: { lt: new Date(now.getTime() - 7 * DAY) } } })).toBe(0);

    // The same purge enqueued again the same day (a second sweep, another worker): its job id
    // repeats, so BullMQ keeps one.
    const queue = new Queue("retention", { connection: producerConnection, prefix });
    await waitUntil(async () => ((await queue.getJobCounts("completed")).completed ?? 0) >= 3);
    await producer.enqueue(retentionPurgeDecisionLogs, { orgId: short.id, day: now.toISOString().slice(0, 10) });
    const purges = (await queue.getJobs(["completed", "waiting", "active", "delayed"])).filter((j) => j.name === "retention.purge-decision-logs");
    expect(purges).toHaveLength(2);
    await queue.close();
  } finally {
    await runner.close();
  }
});
