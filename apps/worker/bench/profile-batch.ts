// `pnpm tsx bench/profile-batch.ts` (apps/worker) — where one 500-event batch's time goes: the insert (Prisma
// createMany, the first design; the unnest statement through Prisma's raw-query path, the second;
// the same statement through pg, now), the token lastUsedAt update, the live-tail publish, and
// XACK+XDEL. Median of 10 batches each, wall time and (for the inserts) the worker's own CPU per
// event; figures, not assertions.
import { randomBytes } from "node:crypto";
import { createDb } from "@gatehouse/db";
import { createTestOrg, testDatabaseUrl } from "@gatehouse/db/testing";
import { createDecisionTailPublisher, createRedis, encodeDecisionEntries } from "@gatehouse/jobs";
import { type DecisionEvent, newId } from "@gatehouse/shared";
import { INSERT_SQL, storeDecisions } from "../src/decisions/store-decisions.ts";
import { recordTokenUse } from "../src/decisions/record-token-use.ts";
import { ackAndDelete } from "../src/decisions/stream.ts";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const db = createDb(testDatabaseUrl(), { maxConnections: 4 });
const redis = createRedis(redisUrl, "worker");
const org = await createTestOrg(db, { name: "bench-profile" });
const key = `{gatehouse:decisions}:profile:${randomBytes(6).toString("hex")}`;

const batch = (): DecisionEvent[] =>
  Array.from({ length: 500 }, (_, i) => ({
    id: newId("decision"), orgId: org.id, requestId: newId("request"), serverId: "srv_bench", identityId: `idn_bench${i % 50}`, grantId: "grt_bench",
    tokenPrefix: "gth_benchxyz", method: "tools/call", toolName: `tool_${i % 20}`, argKeys: ["prompt", "image_url"], argsHash: "a".repeat(64),
    policyId: "pol_bench", policyVersionId: "polv_bench", bundleRevision: 7, outcome: i % 10 === 0 ? "denied" : "allowed", shadowOutcome: null,
    rule: i % 10 === 0 ? "(default deny)" : null, message: null, approvalId: null, upstreamStatus: 200, upstreamLatencyMs: 12.5, proxyLatencyMs: 0.3,
    at: new Date().toISOString(),
  }));

// Wall time, and this process's CPU (the worker's own cost, without Postgres's or Redis's).
const cpu: Record<string, number[]> = {};
async function time(fn: () => Promise<unknown>, name?: string): Promise<number> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wall = performance.now() - t0;
  if (name) {
    const c = process.cpuUsage(c0);
    const list = cpu[name] ?? [];
    list.push((c.user + c.system) / 1000);
    cpu[name] = list;
  }
  return wall;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(1);

// The unnest statement through Prisma's raw-query path, as the worker sent it before going to pg directly.
const viaPrisma = (events: DecisionEvent[]) => {
  const rows = events.map((e) => [e.id, e.orgId, e.requestId, e.serverId, e.identityId, e.grantId, e.tokenPrefix, e.method, e.toolName, JSON.stringify(e.argKeys), e.argsHash, e.policyId, e.policyVersionId, e.bundleRevision, e.outcome, e.shadowOutcome, e.rule, e.message, e.approvalId, e.upstreamStatus, e.upstreamLatencyMs, e.proxyLatencyMs, e.at, "[]"]);
  return db.$queryRawUnsafe(INSERT_SQL, ...Array.from({ length: 24 }, (_, j) => rows.map((r) => r[j])));
};

const results: Record<string, number[]> = {
  "createMany (first)": [],
  "unnest via Prisma raw": [],
  "unnest via pg (now)": [],
  "token lastUsedAt": [],
  "tail publish": [],
  "XACK+XDEL": [],
};
try {
  for (let round = 0; round < 10; round++) {
    const events = batch();
    results["createMany (first)"]!.push(
      await time(() =>
        db.decisionLog.createMany({
          skipDuplicates: true,
          data: events.map(({ at, ...e }) => ({ ...e, id: newId("decision"), createdAt: new Date(at) })),
        }),
      ),
    );
    results["unnest via Prisma raw"]!.push(await time(() => viaPrisma(batch()), "unnest via Prisma raw"));
    results["unnest via pg (now)"]!.push(await time(() => storeDecisions(db, events), "unnest via pg (now)"));
    results["token lastUsedAt"]!.push(await time(() => recordTokenUse(db, events)));
    results["tail publish"]!.push(await time(() => createDecisionTailPublisher(redis).publish(events)));
    // As a proxy writes them: the batch is one entry.
    const ids: string[] = [];
    for (const [field, value] of encodeDecisionEntries(events)) ids.push(String(await redis.xadd(key, "*", field, value)));
    results["XACK+XDEL"]!.push(await time(() => ackAndDelete(redis, { key, group: "profile" }, ids)));
  }
  for (const [name, xs] of Object.entries(results)) {
    const own = cpu[name] ? `, worker CPU ${((Number(median(cpu[name])) * 1000) / 500).toFixed(1).padStart(5)} µs per event` : "";
    console.log(`${name.padEnd(22)} median ${median(xs).padStart(7)} ms per 500-event batch${own}`);
  }
} finally {
  await db.$executeRaw`DELETE FROM "DecisionLog" WHERE "orgId" = ${org.id}`;
  await db.organization.delete({ where: { id: org.id } });
  await redis.del(key);
  redis.disconnect();
  await db.$disconnect();
}
