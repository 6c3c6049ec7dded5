// `pnpm tsx bench/profile-batch.ts` (apps/worker) — where one 500-event batch's time goes: the insert (Prisma
// createMany vs the single unnest statement), the token lastUsedAt update, the live-tail publish,
// and XACK+XDEL. Median of 10 batches each; figures, not assertions.
import { randomBytes } from "node:crypto";
import { createDb } from "@gatehouse/db";
import { createTestOrg, testDatabaseUrl } from "@gatehouse/db/testing";
import { createDecisionTailPublisher, createRedis, encodeDecisionBatch } from "@gatehouse/jobs";
import { type DecisionEvent, newId } from "@gatehouse/shared";
import { storeDecisions } from "../src/decisions/store-decisions.ts";
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

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(1);

const results: Record<string, number[]> = { "createMany (before)": [], "unnest insert (now)": [], "token lastUsedAt": [], "tail publish": [], "XACK+XDEL": [] };
try {
  for (let round = 0; round < 10; round++) {
    const events = batch();
    results["createMany (before)"]!.push(
      await time(() =>
        db.decisionLog.createMany({
          skipDuplicates: true,
          data: events.map(({ at, ...e }) => ({ ...e, id: newId("decision"), createdAt: new Date(at) })),
        }),
      ),
    );
    results["unnest insert (now)"]!.push(await time(() => storeDecisions(db, events)));
    results["token lastUsedAt"]!.push(await time(() => recordTokenUse(db, events)));
    results["tail publish"]!.push(await time(() => createDecisionTailPublisher(redis).publish(events)));
    // As a proxy writes them: the batch is one entry.
    const ids = [String(await redis.xadd(key, "*", ...encodeDecisionBatch(events)))];
    results["XACK+XDEL"]!.push(await time(() => ackAndDelete(redis, { key, group: "profile" }, ids)));
  }
  for (const [name, xs] of Object.entries(results)) console.log(`${name.padEnd(22)} median ${median(xs).padStart(7)} ms per 500-event batch`);
} finally {
  await db.$executeRaw`DELETE FROM "DecisionLog" WHERE "orgId" = ${org.id}`;
  await db.organization.delete({ where: { id: org.id } });
  await redis.del(key);
  redis.disconnect();
  await db.$disconnect();
}
