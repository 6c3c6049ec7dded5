// `pnpm bench:proxy` (first half, scripts/bench-proxy.sh): the proxy measured against the limit,
// in one run and one table. Rows, each in front of the same minimal JSON-RPC upstream:
//   direct      the upstream itself — the upper bound
//   nginx       Debian's nginx as a plain reverse proxy — the floor for any proxy
//   node floor  node:http in, undici out, JSON parsed both ways, nothing else — the floor for a Node proxy
//   node floor + Redis  the same plus one Redis round trip per call before forwarding: the floor
//               for a Node proxy whose limits hold exactly across replicas (what Gatehouse must do)
//   gatehouse   the built proxy with a realistic policy (stack.ts) and decision logging on, the
//               real worker ingesting into Postgres during the run
// Prints figures; asserts nothing.
import { existsSync } from "node:fs";
import { Redis } from "ioredis";
import { type LoadBalancer, startNginx } from "../system/nginx.ts";
import { type Load, assertForwards, autocannon, cpuSeconds, cpuSplit, here, machineCpu, spawnReady, startGatehouseStack } from "./stack.ts";

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 6);
// Long enough for V8 to finish optimizing the request path: with 2 s, TurboFan was still
// compiling on a background thread during the measured cells (~8% of the proxy's CPU at c=16).
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 8);
// BENCH_CONCURRENCY / BENCH_TARGETS narrow a run while working on one row (e.g. "16,64" and
// "node floor,gatehouse"); the targets' ratios are printed only when their rows were measured.
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? "1,16,64").split(",").map(Number);
const ONLY = process.env.BENCH_TARGETS ? new Set(process.env.BENCH_TARGETS.split(",").map((t) => t.trim())) : null;

type ScriptStats = { runs: number; usec: number };
type Target = {
  name: string;
  url: string;
  headers: Record<string, string>;
  pids: () => Promise<Record<string, number[]>>;
  /** Redis's own count of reservation script runs and their time, cumulative (INFO commandstats). */
  scripts?: () => Promise<ScriptStats>;
};
/** `idle` and `steal`: shares of the machine's CPU time (both cores) while the cell ran. */
type Row = { name: string; c: number; load: Load; cpuUsPerCall: Record<string, number>; proxySysShare: number; scripts: ScriptStats | null; idle: number; steal: number };

async function measure(t: Target, c: number): Promise<Row> {
  const sum = (list: number[]) => list.reduce((s, p) => s + cpuSeconds(p), 0);
  const proxyPid = (await t.pids()).proxy?.[0];
  const before = Object.fromEntries(Object.entries(await t.pids()).map(([k, list]) => [k, sum(list)]));
  const proxyBefore = proxyPid ? cpuSplit(proxyPid) : null;
  const scriptsBefore = t.scripts ? await t.scripts() : null;
  const machineBefore = machineCpu();
  const load = await autocannon(t.url, { connections: c, durationS: DURATION_S, headers: t.headers });
  const machineAfter = machineCpu();
  const machineTotal = machineAfter.total - machineBefore.total;
  const idle = (machineAfter.idle - machineBefore.idle) / machineTotal;
  const steal = (machineAfter.steal - machineBefore.steal) / machineTotal;
  const scriptsAfter = t.scripts ? await t.scripts() : null;
  const scripts = scriptsBefore && scriptsAfter ? { runs: scriptsAfter.runs - scriptsBefore.runs, usec: scriptsAfter.usec - scriptsBefore.usec } : null;
  const cpuUsPerCall: Record<string, number> = {};
  for (const [k, list] of Object.entries(await t.pids())) cpuUsPerCall[k] = load.total > 0 ? ((sum(list) - (before[k] ?? 0)) / load.total) * 1e6 : Number.NaN;
  cpuUsPerCall.loader = load.total > 0 ? (load.loaderCpuS / load.total) * 1e6 : Number.NaN;
  let proxySysShare = Number.NaN;
  if (proxyPid && proxyBefore) {
    const after = cpuSplit(proxyPid);
    const sys = after.system - proxyBefore.system;
    proxySysShare = sys / (sys + after.user - proxyBefore.user);
  }
  return { name: t.name, c, load, cpuUsPerCall, proxySysShare, scripts, idle, steal };
}

/** Every process's CPU per call, the load generator's included: on two cores, what bounds calls/s. */
const allCpu = (r: Row) => Object.values(r.cpuUsPerCall).reduce((s, v) => s + (Number.isFinite(v) ? v : 0), 0);
const fmt = (n: number | undefined, w = 7, d = 0) => (n !== undefined && Number.isFinite(n) ? n.toFixed(d) : "—").padStart(w);

async function main(): Promise<void> {
  const stack = await startGatehouseStack();
  const floor = await spawnReady([here("./node-floor.mjs")], { UPSTREAM_URL: stack.upstreamUrl }, (l) => typeof l.url === "string");
  const floorRedis = await spawnReady([here("./node-floor.mjs")], { UPSTREAM_URL: stack.upstreamUrl, FLOOR_REDIS_URL: stack.redisUrl }, (l) => typeof l.url === "string");
  // Only to read Redis's command statistics (the reservation scripts' runs and time).
  const redis = new Redis(stack.redisUrl);
  const lb: LoadBalancer | null = existsSync("/usr/sbin/nginx") ? await startNginx([new URL(stack.upstreamUrl).origin]) : null;
  const upstreamPid = stack.upstream.pid;
  const all: Target[] = [
    { name: "direct", url: stack.upstreamUrl, headers: {}, pids: async () => ({ upstream: [upstreamPid] }) },
    ...(lb ? [{ name: "nginx", url: `${lb.url}/mcp`, headers: {}, pids: async () => ({ proxy: [lb.pid], upstream: [upstreamPid] }) }] : []),
    { name: "node floor", url: floor.line.url as string, headers: {}, pids: async () => ({ proxy: [floor.pid], upstream: [upstreamPid] }) },
    {
      name: "node floor + Redis",
      url: floorRedis.line.url as string,
      headers: {},
      pids: async () => ({ proxy: [floorRedis.pid], upstream: [upstreamPid], redis: [stack.redisPid] }),
    },
    {
      name: "gatehouse",
      url: stack.url,
      headers: stack.headers,
      pids: async () => ({ proxy: [stack.proxy.pid], upstream: [upstreamPid], worker: [stack.worker.pid], redis: [stack.redisPid], postgres: await stack.pgBackends() }),
      scripts: async () => {
        const line = /cmdstat_evalsha:calls=(\d+),usec=(\d+)/.exec(await redis.info("commandstats"));
        return { runs: Number(line?.[1] ?? 0), usec: Number(line?.[2] ?? 0) };
      },
    },
  ];
  const targets = all.filter((t) => ONLY === null || ONLY.has(t.name));

  try {
    console.log(`proxy benchmark — node ${process.version}, ${DURATION_S} s per cell after ${WARMUP_S} s of warm-up per target, autocannon in its own process, tools/call with a small JSON result`);
    if (!lb) console.log("(nginx row skipped: /usr/sbin/nginx is missing — install the Debian package nginx-light)");
    for (const t of targets) await assertForwards(t.name, t.url, t.headers);
    // Warm every path (JIT, pools, Redis scripts) before measuring.
    for (const t of targets) await autocannon(t.url, { connections: 16, durationS: WARMUP_S, headers: t.headers });
    const rows: Row[] = [];
    for (const c of CONCURRENCY) for (const t of targets) rows.push(await measure(t, c));

    console.log("\n| target | c | calls/s | p50 ms | p99 ms | errors | CPU µs/call: proxy (kernel share) | upstream | worker | redis | postgres | load generator | all | machine idle / steal |");
    console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (const r of rows) {
      const u = r.cpuUsPerCall;
      console.log(
        `| ${r.name} | ${r.c} | ${fmt(r.load.rps)} | ${fmt(r.load.p50, 6, 2)} | ${fmt(r.load.p99, 6, 2)} | ${r.load.errors} | ${fmt(u.proxy)}${Number.isFinite(r.proxySysShare) ? ` (${(r.proxySysShare * 100).toFixed(0)}%)` : ""} | ${fmt(u.upstream)} | ${fmt(u.worker)} | ${fmt(u.redis)} | ${fmt(u.postgres)} | ${fmt(u.loader)} | ${fmt(allCpu(r))} | ${(r.idle * 100).toFixed(0)}% / ${(r.steal * 100).toFixed(0)}% |`,
      );
    }
    const at = (name: string, c: number) => rows.find((r) => r.name === name && r.c === c);
    console.log("\nagainst the targets (ratios from this run):");
    for (const c of [16, 64]) {
      const g = at("gatehouse", c);
      const f = at("node floor", c);
      if (!g || !f) continue;
      console.log(
        `  c=${c}: throughput ${(g.load.rps / f.load.rps).toFixed(2)}× the node floor (target ≥ 0.7×); proxy CPU per call ${((g.cpuUsPerCall.proxy ?? 0) / (f.cpuUsPerCall.proxy ?? 1)).toFixed(2)}× the floor's (target ≤ 1.5×)`,
      );
      console.log(
        `        all processes' CPU per call (load generator included): gatehouse ${allCpu(g).toFixed(0)} µs, node floor ${allCpu(f).toFixed(0)} µs — at full load on two cores calls/s goes as the inverse, ${(allCpu(f) / allCpu(g)).toFixed(2)}×`,
      );
      const busy = (r: Row) => (((r.cpuUsPerCall.proxy ?? 0) * r.load.rps) / 1e6) * 100;
      console.log(
        `        the proxy process used ${busy(g).toFixed(0)}% of one core (the floor ${busy(f).toFixed(0)}%); the machine was ${(g.idle * 100).toFixed(0)}% idle and lost ${(g.steal * 100).toFixed(0)}% to steal (the floor's cell: ${(f.idle * 100).toFixed(0)}% / ${(f.steal * 100).toFixed(0)}%)`,
      );
      const fr = at("node floor + Redis", c);
      if (fr) {
        console.log(
          `        against the node floor + Redis: throughput ${(g.load.rps / fr.load.rps).toFixed(2)}×, proxy CPU per call ${((g.cpuUsPerCall.proxy ?? 0) / (fr.cpuUsPerCall.proxy ?? 1)).toFixed(2)}×`,
        );
      }
    }
    // With one connection the load is closed-loop, so the mean latency is exactly 1 / throughput;
    // autocannon's percentiles are whole milliseconds, too coarse for a 0.3 ms target.
    const g1 = at("gatehouse", 1);
    const d1 = at("direct", 1);
    const f1 = at("node floor", 1);
    if (g1 && d1) {
      const mean = (r: Row) => 1000 / r.load.rps;
      const floorAdds = f1 ? `; the node floor adds ${(mean(f1) - mean(d1)).toFixed(3)} ms` : "";
      console.log(`  c=1: mean latency added over direct ${(mean(g1) - mean(d1)).toFixed(3)} ms (target ≤ 0.3 ms at p50${floorAdds})`);
    }
    // The proxy sends the reservations of one event-loop turn as one script run (per org).
    for (const r of rows) {
      if (!r.scripts || r.scripts.runs === 0) continue;
      console.log(
        `  c=${r.c}: ${(r.load.total / r.scripts.runs).toFixed(1)} calls per reservation script run; Redis script time ${(r.scripts.usec / r.load.total).toFixed(1)} µs per call (INFO commandstats, the commands it runs included)`,
      );
    }
    const sent = rows.filter((r) => r.name === "gatehouse").reduce((sum, r) => sum + r.load.total, 0);
    console.log(`  decision rows stored when the table was printed: ${await stack.storedDecisions()} (measured calls: ${sent}, plus the warm-up)`);
  } finally {
    await floor.stop();
    await floorRedis.stop();
    await lb?.close();
    redis.disconnect();
    await stack.close();
  }
}

await main();
