// pnpm bench (worker) — decision-log ingestion throughput: how many events per second one worker
// moves from the Redis Stream into Postgres, counted in and out. Figures, not assertions.
// A private stream and a fresh org; `INGEST_BENCH_EVENTS` changes the size (default 100,000).
// Two phases: draining a backlog already in the stream, and keeping up with a producer writing
// at full speed alongside it.
import { randomBytes } from "node:crypto";
import { createDb } from "@gatehouse/db";
import { createTestOrg, testDatabaseUrl } from "@gatehouse/db/testing";
import { createRedis, decodeDecisionEntry, encodeDecisionEntries } from "@gatehouse/jobs";
import { type DecisionEvent, newId } from "@gatehouse/shared";
import { createLogger } from "@gatehouse/shared/node";
import { ingestDecisions } from "../src/index.ts";

const EVENTS = Number(process.env.INGEST_BENCH_EVENTS ?? 100_000);
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const db = createDb(testDatabaseUrl(), { maxConnections: 4 });
const producer = createRedis(redisUrl, "worker");
const org = await createTestOrg(db, { name: "bench-ingest" });
const streams: string[] = [];

function event(i: number): DecisionEvent {
  return {
    id: newId("decision"), orgId: org.id, requestId: newId("request"), serverId: "srv_bench", identityId: `idn_bench${i % 50}`, grantId: "grt_bench",
    tokenPrefix: "gth_benchxyz", method: "tools/call", toolName: `tool_${i % 20}`, argKeys: ["prompt", "image_url"], argsHash: "a".repeat(64),
    policyId: "pol_bench", policyVersionId: "polv_bench", bundleRevision: 7, outcome: i % 10 === 0 ? "denied" : "allowed", shadowOutcome: null,
    rule: i % 10 === 0 ? "(default deny)" : null, message: null, approvalId: null, upstreamStatus: 200, upstreamLatencyMs: 12.5, proxyLatencyMs: 0.3,
    at: new Date().toISOString(),
  };
}

// As proxies write: one entry per flush holding a batch (here 300 events, a flush at ~3,000 calls/s).
async function produce(key: string, from: number, count: number): Promise<void> {
  for (let start = from; start < from + count; start += 300) {
    const batch = [];
    for (let i = start; i < Math.min(start + 300, from + count); i++) batch.push(event(i));
    for (const [field, value] of encodeDecisionEntries(batch)) await producer.xadd(key, "*", field, value);
  }
}

async function eventsIn(key: string): Promise<number> {
  let n = 0;
  for (const [, fields] of await producer.xrange(key, "-", "+")) {
    const decoded = decodeDecisionEntry(fields);
    if (typeof decoded !== "string") n += decoded.length;
  }
  return n;
}

async function phase(name: string, concurrentProducer: boolean): Promise<void> {
  const stream = { key: `{gatehouse:decisions}:bench:${randomBytes(6).toString("hex")}`, group: "ingest" };
  streams.push(stream.key);
  const before = await db.decisionLog.count({ where: { orgId: org.id } });
  if (!concurrentProducer) await produce(stream.key, 0, EVENTS);
  const inStream = concurrentProducer ? EVENTS : await eventsIn(stream.key);
  const redis = createRedis(redisUrl, "worker");
  const abort = new AbortController();
  const t0 = performance.now();
  const worker = ingestDecisions({ db, redis, log: createLogger("error", {}, () => {}), consumer: "bench", stream, blockMs: 100 }, abort.signal);
  const producing = concurrentProducer ? produce(stream.key, 0, EVENTS) : Promise.resolve();
  // Done when everything produced has been acknowledged: acked entries are deleted from the
  // stream, and an entry is acked only after Postgres has its row. Polling Redis (not counting
  // rows) keeps the measurement from competing with the inserts.
  let produced = false;
  void producing.then(() => {
    produced = true;
  });
  for (;;) {
    await new Promise((r) => setTimeout(r, 50));
    if ((concurrentProducer ? produced : true) && (await producer.xlen(stream.key)) === 0) break;
  }
  const seconds = (performance.now() - t0) / 1000;
  await producing;
  abort.abort();
  await worker;
  redis.disconnect();
  const stored = (await db.decisionLog.count({ where: { orgId: org.id } })) - before;
  const pending = Number(((await producer.xpending(stream.key, stream.group)) as [number])[0]);
  console.log(
    `${name.padEnd(34)} in ${String(inStream).padStart(7)}  stored ${String(stored).padStart(7)}  lost ${EVENTS - stored}  duplicated ${Math.max(0, stored - EVENTS)}  pending ${pending}  ${(EVENTS / seconds).toFixed(0).padStart(6)} events/s  (${seconds.toFixed(1)} s)`,
  );
}

try {
  console.log(`decision ingestion, ${EVENTS.toLocaleString()} events per phase, one worker, batches of 500`);
  await phase("drain a backlog", false);
  await phase("keep up with a live producer", true);
} finally {
  await db.$executeRaw`DELETE FROM "DecisionLog" WHERE "orgId" = ${org.id}`;
  await db.organization.delete({ where: { id: org.id } });
  if (streams.length > 0) await producer.del(...streams);
  producer.disconnect();
  await db.$disconnect();
}
