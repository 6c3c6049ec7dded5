// pnpm bench (services) — the decision-log reads at a million rows. Figures, not assertions
// (STYLE.md: Tests). Seeds 1,000,000 rows in a fresh org over 30 days (plus 200,000 in a
// neighbour org, so the org filter matters), then times each verb 50 times in-process (server
// time: the verb, its queries and the mapping; no HTTP) and prints p50/p95, with the EXPLAIN of
// the queries behind them. Cleans up after itself. `DECISION_BENCH_ROWS` changes the size.
import { createDb } from "@gatehouse/db";
import { createTestOrg, seedDecisionLogs, testDatabaseUrl } from "@gatehouse/db/testing";
import type { ServiceContext } from "../src/context.ts";
import { getDecisionLogStats, listDecisionLogs } from "../src/index.ts";

const ROWS = Number(process.env.DECISION_BENCH_ROWS ?? 1_000_000);
const RUNS = 50;
const DAY = 86_400_000;

const db = createDb(testDatabaseUrl(), { maxConnections: 6 });
const org = await createTestOrg(db, { name: "bench-decisions" });
const neighbour = await createTestOrg(db, { name: "bench-neighbour" });
const ctx: ServiceContext = { db, orgId: org.id, role: "viewer", actor: { type: "system", label: "bench" }, requestId: "req_bench", secrets: { encryptionKey: Buffer.alloc(32) } };

const tools = Array.from({ length: 20 }, (_, i) => `tool_${String(i).padStart(2, "0")}`);
const servers = Array.from({ length: 5 }, (_, i) => `srv_bench${i}`);
const identities = Array.from({ length: 50 }, (_, i) => `idn_bench${i}`);
// Outcome cycle of 21 (coprime with the 20 tools), so every tool sees every outcome.
const outcomes = [...Array(16).fill("allowed"), "denied", "denied", "rate_limited", "approval_pending", "upstream_error"];

const now = new Date();
try {
  let t0 = performance.now();
  const chunk = 250_000;
  for (let done = 0; done < ROWS; done += chunk) {
    const count = Math.min(chunk, ROWS - done);
    // Chunks tile the 30 days without overlap, newest first.
    const newest = new Date(now.getTime() - (done / ROWS) * 30 * DAY);
    const oldest = new Date(now.getTime() - ((done + count - 1) / ROWS) * 30 * DAY);
    await seedDecisionLogs(db, { orgId: org.id, count, newest, oldest, tools, outcomes, serverIds: servers, identityIds: identities, idPrefix: `dec_b${done}_${org.id.slice(-6)}` });
  }
  await seedDecisionLogs(db, { orgId: neighbour.id, count: Math.round(ROWS / 5), newest: now, oldest: new Date(now.getTime() - 30 * DAY), tools, outcomes });
  // VACUUM sets the visibility map, as autovacuum does on an append-only table, so the stats can
  // use index-only scans.
  await db.$executeRawUnsafe(`VACUUM ANALYZE "DecisionLog"`);
  console.log(`seeded ${ROWS.toLocaleString()} rows (+${Math.round(ROWS / 5).toLocaleString()} in another org) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const cases: [string, () => Promise<unknown>][] = [
    ["list: first page (50)", () => listDecisionLogs(ctx, { limit: 50 })],
    ["list: outcome=denied & tool", () => listDecisionLogs(ctx, { limit: 50, outcome: "denied", tool: "tool_07" })],
    ["list: serverId", () => listDecisionLogs(ctx, { limit: 50, serverId: "srv_bench3" })],
    ["list: identityId, last 24 h", () => listDecisionLogs(ctx, { limit: 50, identityId: "idn_bench17", from: new Date(now.getTime() - DAY) })],
    ["list: rule", () => listDecisionLogs(ctx, { limit: 50, rule: "rule-2" })],
    ["list: requestId", () => listDecisionLogs(ctx, { limit: 50, requestId: `req_dec_b0_${org.id.slice(-6)}_4242` })],
    ["list: no match (tool=nope)", () => listDecisionLogs(ctx, { limit: 50, tool: "nope" })],
    ["list: page 20 (cursor)", listDeep(20)],
    ["stats: 24 h by hour", () => getDecisionLogStats(ctx, { bucket: "hour" })],
    ["stats: 24 h, one server", () => getDecisionLogStats(ctx, { bucket: "hour", serverId: "srv_bench1" })],
    ["stats: 7 d by hour", () => getDecisionLogStats(ctx, { bucket: "hour", from: new Date(now.getTime() - 7 * DAY) })],
    ["stats: 30 d by day", () => getDecisionLogStats(ctx, { bucket: "day" })],
  ];
  console.log(`\n${"case".padEnd(32)}${"p50 ms".padStart(10)}${"p95 ms".padStart(10)}   (${RUNS} runs each, after 3 warm-up)`);
  for (const [name, run] of cases) {
    for (let i = 0; i < 3; i++) await run();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`${name.padEnd(32)}${q(times, 0.5).toFixed(1).padStart(10)}${q(times, 0.95).toFixed(1).padStart(10)}`);
  }

  console.log("\nEXPLAIN (ANALYZE, BUFFERS) of the queries behind them:");
  const from24h = new Date(now.getTime() - DAY).toISOString();
  const explains: [string, string][] = [
    ["first page", `SELECT * FROM "DecisionLog" WHERE "orgId" = '${org.id}' ORDER BY "createdAt" DESC, "id" DESC LIMIT 51`],
    ["outcome & tool", `SELECT * FROM "DecisionLog" WHERE "orgId" = '${org.id}' AND "outcome" = 'denied' AND "toolName" = 'tool_07' ORDER BY "createdAt" DESC, "id" DESC LIMIT 51`],
    ["stats buckets, 24 h", `SELECT date_trunc('hour', "createdAt"), "outcome", count(*) FROM "DecisionLog" WHERE "orgId" = '${org.id}' AND "createdAt" >= '${from24h}' AND "createdAt" < now() GROUP BY 1, 2`],
  ];
  for (const [name, sql] of explains) {
    const plan = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`);
    console.log(`\n-- ${name}`);
    for (const line of plan) console.log(`   ${line["QUERY PLAN"]}`);
  }
} finally {
  const t0 = performance.now();
  await db.$executeRaw`DELETE FROM "DecisionLog" WHERE "orgId" IN (${org.id}, ${neighbour.id})`;
  await db.organization.deleteMany({ where: { id: { in: [org.id, neighbour.id] } } });
  console.log(`\ncleaned up in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await db.$disconnect();
}

function listDeep(pages: number) {
  let cursor: string | undefined;
  return async () => {
    // Walk to page `pages` once, then time fetching that page by its cursor.
    if (cursor === undefined) {
      let next: string | null = null;
      for (let i = 0; i < pages; i++) next = (await listDecisionLogs(ctx, { limit: 50, ...(next ? { cursor: next } : {}) })).nextCursor;
      cursor = next ?? undefined;
    }
    return listDecisionLogs(ctx, { limit: 50, ...(cursor ? { cursor } : {}) });
  };
}

function q(sorted: number[], quantile: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] ?? Number.NaN;
}
