// The scheduled drift scan against the real demo upstream, Postgres and BullMQ on Redis: a scan
// discovers every enabled server (six demo tools stored), a later scan after the upstream changed
// a tool marks it changed, and the repeating schedule is registered once however often it is upserted.
import { randomBytes } from "node:crypto";
import { createDb } from "@gatehouse/db";
import { createTestOrg, testDatabaseUrl } from "@gatehouse/db/testing";
import { type DemoUpstream, startDemoUpstream } from "@gatehouse/demo-upstream";
import { type JobRunner, type Producer, createProducer, createRedis, runJobs, scheduleRepeating, toolsScan } from "@gatehouse/jobs";
import { createServer } from "@gatehouse/services";
import { createLogger } from "@gatehouse/shared/node";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoveryHandlers } from "./discovery-jobs.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `gatehouse-jobs-test-${randomBytes(4).toString("hex")}`;
const db = createDb(testDatabaseUrl(), { maxConnections: 4 });
const secrets = { encryptionKey: randomBytes(32) };
const producerRedis = createRedis(REDIS_URL, "producer");
const workerRedis = createRedis(REDIS_URL, "worker");
let producer: Producer;
let runner: JobRunner;
let demo: DemoUpstream;

beforeAll(async () => {
  demo = await startDemoUpstream();
  producer = createProducer(producerRedis, { prefix });
  runner = runJobs({ connection: workerRedis, prefix, log: createLogger("error", {}, () => {}), handlers: discoveryHandlers({ db, producer, secrets, allowPrivateNetworks: true }) });
});

afterAll(async () => {
  await runner?.close();
  await producer?.close();
  const queue = new Queue("discovery", { connection: producerRedis, prefix });
  await queue.obliterate({ force: true }).catch(() => {});
  await queue.close();
  producerRedis.disconnect();
  workerRedis.disconnect();
  await demo?.close();
  await db.$disconnect();
});

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await probe();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  return probe();
}

describe("scheduled discovery", () => {
  it("discovers every enabled server, and a later scan marks a tool the upstream changed", { timeout: 90_000 }, async () => {
    const org = await createTestOrg(db);
    const ctx = { db, orgId: org.id, role: "admin" as const, actor: { type: "system" as const, label: "test" }, requestId: "req_test", secrets, allowPrivateNetworks: true };
    const server = await createServer(ctx, { name: "flux", upstreamUrl: demo.url });
    const disabled = await createServer(ctx, { name: "off", upstreamUrl: demo.url });
    await db.server.update({ where: { id: disabled.id }, data: { enabled: false } });

    await producer.enqueue(toolsScan, { slot: `first-${randomBytes(3).toString("hex")}` });
    const tools = await until(() => db.tool.findMany({ where: { serverId: server.id } }), (rows) => rows.length === 6);
    expect(tools).toHaveLength(6);
    expect(await db.tool.count({ where: { serverId: disabled.id } })).toBe(0);

    demo.setToolDescription("flux_cancel_task", "Cancel a task (changed).");
    await producer.enqueue(toolsScan, { slot: `second-${randomBytes(3).toString("hex")}` });
    const changed = await until(
      () => db.tool.findFirstOrThrow({ where: { serverId: server.id, name: "flux_cancel_task" } }),
      (tool) => tool.status === "changed",
    );
    expect(changed.status).toBe("changed");
    const audit = await db.auditEvent.findMany({ where: { orgId: org.id, action: "server.discover", actorLabel: "scheduled discovery" } });
    expect(audit.length).toBe(2);
  });

  it("registers one repeating scan however many workers upsert it", async () => {
    await scheduleRepeating(producerRedis, toolsScan, {}, 6 * 60 * 60 * 1000, { prefix });
    await scheduleRepeating(producerRedis, toolsScan, {}, 6 * 60 * 60 * 1000, { prefix });
    const queue = new Queue("discovery", { connection: producerRedis, prefix });
    const schedulers = await queue.getJobSchedulers();
    await queue.close();
    expect(schedulers.map((s) => [s.key, s.every])).toEqual([["tools.scan", 6 * 60 * 60 * 1000]]);
  });
});
