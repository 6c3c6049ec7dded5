// Decision-log ingestion against the real Redis and Postgres: events become rows once each,
// bad entries are skipped without blocking the stream, and a Postgres outage only delays rows.
import { randomBytes } from "node:crypto";
import { createDb } from "@gatehouse/db";
import { createTestOrg, testDatabaseUrl } from "@gatehouse/db/testing";
import { createDecisionTail, createDecisionTailPublisher, createRedis } from "@gatehouse/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IngestOptions, type StreamRef, ingestDecisions, storeDecisions } from "../src/index.ts";
import { capturingLogger, decisionEvent, emit, emitSingle, privateStream, redisUrl, waitUntil } from "./support.ts";

const db = createDb(testDatabaseUrl(), { maxConnections: 4 });
const redis = createRedis(redisUrl, "producer");
const streams: StreamRef[] = [];
let orgId: string;

beforeAll(async () => {
  orgId = (await createTestOrg(db)).id;
});
afterAll(async () => {
  if (streams.length > 0) await redis.del(...streams.map((s) => s.key));
  redis.disconnect();
  await db.$disconnect();
});

function newStream(): StreamRef {
  const stream = privateStream();
  streams.push(stream);
  return stream;
}

/** Runs the loop on its own worker connection until `stop()`; stop resolves once it returned. */
/** A worker-role connection with a name of its own, so the test can see when it blocks. */
function namedConnection() {
  const connection = createRedis(redisUrl, "worker");
  const name = `ingest-test-${randomBytes(4).toString("hex")}`;
  // Sent before anything else on this connection (commands go out in order).
  void connection.client("SETNAME", name);
  return { connection, name };
}

/** True once the named connection is blocked in XREADGROUP (CLIENT LIST: flags b). */
async function blockedReading(name: string): Promise<boolean> {
  const list = String(await redis.client("LIST"));
  return list.split("\n").some((line) => line.includes(` name=${name} `) && /\bflags=b\b/.test(line) && line.includes("cmd=xreadgroup"));
}

function startWorker(options: Omit<IngestOptions, "redis" | "log"> & Partial<Pick<IngestOptions, "log">>) {
  const { connection, name } = namedConnection();
  const controller = new AbortController();
  const { log, lines } = capturingLogger();
  const done = ingestDecisions({ log, blockMs: 100, retryInitialMs: 50, retryMaxMs: 200, ...options, redis: connection }, controller.signal);
  return {
    lines,
    /** The connection's CLIENT name (see blockedReading). */
    name,
    async stop() {
      controller.abort();
      await done;
      connection.disconnect();
    },
  };
}

const rowCount = (ids: string[]) => db.decisionLog.count({ where: { orgId, id: { in: ids } } });
const pendingCount = async (stream: StreamRef) => Number(((await redis.xpending(stream.key, stream.group)) as [number])[0]);

describe("ingestDecisions", () => {
  it("stores events as rows, once each, and empties the stream", async () => {
    const stream = newStream();
    const worker = startWorker({ db, consumer: "c1", stream });
    try {
      const events = Array.from({ length: 25 }, (_, i) => decisionEvent(orgId, { outcome: i === 0 ? "rate_limited" : "allowed" }));
      // One `(invalid arguments)` refusal with its violation paths; events of older proxies have none.
      events[1] = decisionEvent(orgId, { outcome: "denied", rule: "(invalid arguments)", violationPaths: ["model", "options[0].size"] });
      for (const event of events) await emit(redis, stream, event);
      // The same decision delivered twice (a proxy retry) is one row.
      await emit(redis, stream, events[0]!);
      await waitUntil(async () => (await rowCount(events.map((e) => e.id))) === 25 && (await redis.xlen(stream.key)) === 0);

      const row = await db.decisionLog.findUniqueOrThrow({ where: { id: events[0]!.id } });
      expect(row).toMatchObject({
        orgId,
        outcome: "rate_limited",
        toolName: "flux_edit_image",
        argKeys: ["image", "prompt"],
        argsHash: "a".repeat(64),
        bundleRevision: 3,
        upstreamLatencyMs: 12.5,
        createdAt: new Date(events[0]!.at),
      });
      expect(row.violationPaths).toEqual([]);
      expect(await db.decisionLog.findUniqueOrThrow({ where: { id: events[1]!.id } })).toMatchObject({ rule: "(invalid arguments)", violationPaths: ["model", "options[0].size"] });
      expect(await pendingCount(stream)).toBe(0);
      expect(worker.lines.some((l) => l.msg === "decision events ingested" && Number(l.duplicates) >= 1)).toBe(true);
    } finally {
      await worker.stop();
    }
  });

  it("skips an event already stored, and acknowledges entries that are not events without storing them", async () => {
    const stream = newStream();
    const stored = decisionEvent(orgId);
    // Stored by an earlier delivery (a crash between insert and acknowledgement).
    expect(await storeDecisions(db, [stored])).toMatchObject({ inserted: 1 });
    const good = decisionEvent(orgId, { toolName: "bad\u0000name" });
    const unknownOrg = decisionEvent("org_doesnotexist0000000000000");
    const worker = startWorker({ db, consumer: "c1", stream });
    try {
      const bad = [
        await emitSingle(redis, stream, "{not json"),
        await emitSingle(redis, stream, JSON.stringify({ id: "dec_x", orgId, outcome: "allowed", arguments: { secret: "hunter2" } })),
        await redis.xadd(stream.key, "*", "other", "x"),
      ];
      await emit(redis, stream, stored);
      await emit(redis, stream, unknownOrg);
      await emitSingle(redis, stream, good);
      // One bad event in a proxy's batch: its neighbours are stored, it alone is rejected.
      const before = decisionEvent(orgId);
      const after = decisionEvent(orgId);
      const batch = await emit(redis, stream, before, { id: "dec_y", orgId, outcome: "maybe", arguments: { secret: "hunter2" } }, after);
      await waitUntil(async () => (await rowCount([good.id, before.id, after.id])) === 3 && (await redis.xlen(stream.key)) === 0);

      expect(await rowCount([stored.id])).toBe(1);
      expect(await db.decisionLog.count({ where: { id: unknownOrg.id } })).toBe(0);
      expect((await db.decisionLog.findUniqueOrThrow({ where: { id: good.id } })).toolName).toBe("bad\uFFFDname");
      expect(await pendingCount(stream)).toBe(0);
      const rejected = worker.lines.filter((l) => l.msg === "decision event rejected");
      expect(rejected.map((l) => l.streamId).sort()).toEqual([...bad, batch].sort());
      expect(rejected.find((l) => l.streamId === batch)).toMatchObject({ index: 1, reason: expect.stringContaining("outcome") });
      // Rejections say what was wrong, never what the entry held.
      expect(JSON.stringify(worker.lines)).not.toContain("hunter2");
    } finally {
      await worker.stop();
    }
  });

  it("keeps events in Redis while Postgres is unreachable and stores them when it is back (same consumer)", async () => {
    const stream = newStream();
    const unreachable = createDb("postgresql://postgres@127.0.0.1:1/gatehouse_test", { maxConnections: 1 });
    const events = Array.from({ length: 5 }, () => decisionEvent(orgId));
    // Emitted before the worker starts, so all five land in its first batch.
    for (const event of events) await emit(redis, stream, event);
    const down = startWorker({ db: unreachable, consumer: "c-outage", stream });
    try {
      await waitUntil(async () => down.lines.filter((l) => String(l.msg).startsWith("storing decision events failed")).length >= 2);
      expect(await pendingCount(stream)).toBe(5);
    } finally {
      await down.stop();
      await unreachable.$disconnect();
    }
    expect(await rowCount(events.map((e) => e.id))).toBe(0);
    expect(await redis.xlen(stream.key)).toBe(5);
    expect(await pendingCount(stream)).toBe(5);
    expect(down.lines.some((l) => l.msg === "stopping with a batch not stored; it stays pending")).toBe(true);

    // Postgres "returns": the same consumer restarts and drains its own pending entries first.
    const up = startWorker({ db, consumer: "c-outage", stream });
    try {
      await waitUntil(async () => (await rowCount(events.map((e) => e.id))) === 5 && (await redis.xlen(stream.key)) === 0);
      expect(await pendingCount(stream)).toBe(0);
    } finally {
      await up.stop();
    }
  });

  it("lets another consumer reclaim entries a dead consumer left pending", async () => {
    const stream = newStream();
    const unreachable = createDb("postgresql://postgres@127.0.0.1:1/gatehouse_test", { maxConnections: 1 });
    const events = Array.from({ length: 3 }, () => decisionEvent(orgId));
    for (const event of events) await emit(redis, stream, event);
    const dead = startWorker({ db: unreachable, consumer: "c-dead", stream });
    try {
      await waitUntil(async () => dead.lines.some((l) => String(l.msg).startsWith("storing decision events failed")));
      expect(await pendingCount(stream)).toBe(3);
    } finally {
      await dead.stop();
      await unreachable.$disconnect();
    }
    const rescuer = startWorker({ db, consumer: "c-rescuer", stream, claimIdleMs: 200, claimEveryMs: 100 });
    try {
      await waitUntil(async () => (await rowCount(events.map((e) => e.id))) === 3 && (await redis.xlen(stream.key)) === 0);
      expect(rescuer.lines.some((l) => l.msg === "reclaimed stale decision events")).toBe(true);
    } finally {
      await rescuer.stop();
    }
  });

  it("stops when asked while blocked waiting for new entries, without waiting the block out", async () => {
    const stream = newStream();
    // A block far longer than the test's timeout: only a stop that gives up the read can finish.
    const worker = startWorker({ db, consumer: "c1", stream, blockMs: 600_000 });
    await waitUntil(() => blockedReading(worker.name));
    await worker.stop();
    expect(worker.lines.at(-1)?.msg).toBe("decision ingestion stopped");
  });

  it("loses nothing Redis handed to a read given up at shutdown: the consumer's next run stores it", async () => {
    const stream = newStream();
    // The read is given up but the connection stays open, so Redis delivers the next entry to
    // it: the entry sits in c1's pending list, unacknowledged, until c1 runs again.
    const { connection, name } = namedConnection();
    const controller = new AbortController();
    const { log } = capturingLogger();
    const done = ingestDecisions({ db, redis: connection, log, consumer: "c1", stream, blockMs: 600_000 }, controller.signal);
    await waitUntil(() => blockedReading(name));
    controller.abort();
    await done;
    const event = decisionEvent(orgId);
    await emit(redis, stream, event);
    await waitUntil(async () => (await pendingCount(stream)) === 1);
    connection.disconnect();
    expect(await rowCount([event.id])).toBe(0);

    const again = startWorker({ db, consumer: "c1", stream });
    try {
      await waitUntil(async () => (await rowCount([event.id])) === 1 && (await pendingCount(stream)) === 0);
    } finally {
      await again.stop();
    }
  });

  it("announces stored events on the org's live tail, after their rows exist", async () => {
    const stream = newStream();
    const tail = createDecisionTail(createRedis(redisUrl, "subscriber"));
    const seen: { id: string; stored: boolean }[] = [];
    const unsubscribe = await tail.subscribe(orgId, (events) => {
      for (const event of events) void rowCount([event.id]).then((n) => seen.push({ id: event.id, stored: n === 1 }));
    });
    const worker = startWorker({ db, consumer: "tail", stream, tail: createDecisionTailPublisher(redis) });
    try {
      const events = [decisionEvent(orgId, { outcome: "denied" }), decisionEvent(orgId)];
      for (const event of events) await emit(redis, stream, event);
      await waitUntil(async () => seen.length === 2);
      expect(seen.map((s) => s.id).sort()).toEqual(events.map((e) => e.id).sort());
      expect(seen.every((s) => s.stored)).toBe(true);
    } finally {
      unsubscribe();
      tail.close();
      await worker.stop();
    }
  });
});
