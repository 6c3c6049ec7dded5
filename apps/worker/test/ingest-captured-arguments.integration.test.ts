// Captured arguments through ingestion (real Redis stream, real Postgres): the worker stores the
// envelope of a capturing server's tools/call as it came, once; stores nothing for a server that
// no longer captures or for something that is not an envelope; and the live tail never carries it.
import { randomBytes } from "node:crypto";
import { createDb } from "@gatehouse/db";
import { createTestOrg, createTestServer, testDatabaseUrl } from "@gatehouse/db/testing";
import { createDecisionTail, createDecisionTailPublisher, createRedis } from "@gatehouse/jobs";
import type { DecisionEvent } from "@gatehouse/shared";
import { encryptText } from "@gatehouse/shared/node";
import { afterAll, expect, it } from "vitest";
import { ingestDecisions } from "../src/index.ts";
import { capturingLogger, decisionEvent, emit, privateStream, redisUrl, waitUntil } from "./support.ts";

const db = createDb(testDatabaseUrl(), { maxConnections: 3 });
const redis = createRedis(redisUrl, "producer");
const stream = privateStream();

afterAll(async () => {
  await redis.del(stream.key);
  redis.disconnect();
  await db.$disconnect();
});

it("stores a capturing server's sealed arguments once, nothing for a server that stopped capturing, and keeps them off the live tail", async () => {
  const orgId = (await createTestOrg(db)).id;
  const capturing = await createTestServer(db, { orgId });
  await db.server.update({ where: { id: capturing.id }, data: { captureArguments: true } });
  // Capture switched off while a proxy still ran the old bundle: its events arrive sealed anyway.
  const stopped = await createTestServer(db, { orgId });
  const key = randomBytes(32);
  const sealed = encryptText(key, JSON.stringify({ prompt: "make it blue" }));
  const events: DecisionEvent[] = [
    decisionEvent(orgId, { serverId: capturing.id, argsEnc: sealed }),
    decisionEvent(orgId, { serverId: capturing.id, argsEnc: "not an envelope" }),
    decisionEvent(orgId, { serverId: capturing.id }),
    decisionEvent(orgId, { serverId: stopped.id, argsEnc: sealed }),
  ];
  const tail = createDecisionTail(createRedis(redisUrl, "subscriber"));
  const tailed: DecisionEvent[] = [];
  const unsubscribe = await tail.subscribe(orgId, (batch) => tailed.push(...batch));
  const connection = createRedis(redisUrl, "worker");
  const controller = new AbortController();
  const running = ingestDecisions(
    { db, redis: connection, log: capturingLogger().log, consumer: "capture", stream, blockMs: 100, tail: createDecisionTailPublisher(redis) },
    controller.signal,
  );
  try {
    for (const event of events) await emit(redis, stream, event);
    // Delivered twice (a proxy's retry): still one row.
    await emit(redis, stream, events[0] as DecisionEvent);
    await waitUntil(async () => (await db.decisionLog.count({ where: { orgId } })) === 4 && tailed.length >= 4);
    const rows = await db.capturedArguments.findMany({ where: { orgId } });
    expect(rows).toEqual([{ id: events[0]?.id, orgId, serverId: capturing.id, argsEnc: sealed, createdAt: new Date(events[0]?.at ?? "") }]);
    expect(tailed.every((event) => event.argsEnc === undefined)).toBe(true);
  } finally {
    unsubscribe();
    tail.close();
    controller.abort();
    await running;
    connection.disconnect();
  }
});
