// `pnpm bench:proxy` (first half, scripts/bench-proxy.sh): the proxy measured against the limit, in one run and one table.
// Rows, each in front of the same minimal JSON-RPC upstream (minimal-upstream.mjs beside this file):
//   direct      the upstream itself — the upper bound
//   nginx       Debian's nginx as a plain reverse proxy — the floor for any proxy
//   node floor  node:http in, undici out, JSON parsed both ways, nothing else — the floor for a Node proxy
//   gatehouse   the built proxy (apps/proxy/dist/main.js) with a realistic policy on the called tool (a regex
//               `require`, two non-triggering Redis limits: grant- and identity-scoped) and
//               decision logging on, the real worker (apps/worker/dist/main.js) ingesting into Postgres
// Load comes from autocannon in its own process. CPU per call is read from /proc/<pid>/stat of
// each process over the measured window. Prints figures; asserts nothing.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { createDb } from "@gatehouse/db";
import { Redis } from "ioredis";
import { startTestControlPlane } from "../../apps/proxy/test/helpers/control-plane.ts";
import { tempDir } from "../../apps/proxy/test/helpers/harness.ts";
import { TestOrg } from "../../apps/proxy/test/helpers/org.ts";
import { startPrivateRedis } from "../../apps/proxy/test/helpers/redis-server.ts";
import { type LoadBalancer, startNginx } from "../system/nginx.ts";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const AUTOCANNON = createRequire(import.meta.url).resolve("autocannon/autocannon.js");
const PROXY_DIST = here("../../apps/proxy/dist/main.js");
const WORKER_DIST = here("../../apps/worker/dist/main.js");
const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 6);
const CONCURRENCY = [1, 16, 64];

const POLICY = {
  version: "1",
  default: "deny",
  tools: {
    flux_edit_image: {
      require: [{ conditions: [{ path: "args.prompt", op: "regex", value: "^[a-z0-9 ,.-]{1,200}$" }] }],
      limits: [
        { counter: "edits", window: "minute", max: 100_000_000, scope: "grant" },
        { counter: "edits_per_agent", window: "hour", max: 100_000_000, scope: "identity" },
      ],
    },
  },
};
const CALL = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "flux_edit_image", arguments: { prompt: "make the sky a little bluer", image_url: "https://example.com/cat.png" } } });

type Proc = { process: ChildProcess; line: Record<string, unknown>; stop(): Promise<void> };

/** Spawns a process and resolves with the first JSON line of its stdout that satisfies `ready`. */
function spawnReady(cmd: string, args: string[], env: Record<string, string>, ready: (line: Record<string, unknown>) => boolean): Promise<Proc> {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(" ")} did not start:\n${out}`)), 30_000);
    child.stderr?.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stdout?.on("data", (c: Buffer) => {
      out = (out + c.toString()).slice(-32_000);
      for (const raw of out.split("\n")) {
        if (!raw.startsWith("{")) continue;
        let line: Record<string, unknown>;
        try {
          line = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          continue;
        }
        if (!ready(line)) continue;
        clearTimeout(timer);
        child.stdout?.removeAllListeners("data");
        child.stdout?.resume();
        resolve({
          process: child,
          line,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once("exit", () => done());
              child.kill("SIGTERM");
            }),
        });
        return;
      }
    });
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}:\n${out}`)));
  });
}

const cpuSeconds = (pid: number): number => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return 0;
  }
};

type Load = { rps: number; p50: number; p99: number; total: number; errors: number };

function autocannon(url: string, connections: number, headers: Record<string, string>): Promise<Load> {
  const args = [AUTOCANNON, "--json", "-c", String(connections), "-d", String(DURATION_S), "-m", "POST", "-b", CALL];
  for (const [k, v] of Object.entries({ "content-type": "application/json", accept: "application/json, text/event-stream", ...headers })) args.push("-H", `${k}=${v}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.once("exit", () => {
      try {
        const r = JSON.parse(out) as { requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; timeouts: number };
        resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, total: r.requests.total, errors: r.non2xx + r.errors + r.timeouts });
      } catch (error) {
        reject(new Error(`autocannon: ${String(error)}\n${out.slice(0, 500)}`));
      }
    });
  });
}

type Row = { name: string; c: number; load: Load; cpuUsPerCall: Record<string, number> };

async function measure(name: string, url: string, c: number, headers: Record<string, string>, pids: () => Promise<Record<string, number[]>>): Promise<Row> {
  const ids = await pids();
  const before = Object.fromEntries(Object.entries(ids).map(([k, list]) => [k, list.reduce((s, p) => s + cpuSeconds(p), 0)]));
  const load = await autocannon(url, c, headers);
  const idsAfter = await pids();
  const cpuUsPerCall: Record<string, number> = {};
  for (const [k, list] of Object.entries(idsAfter)) {
    const after = list.reduce((s, p) => s + cpuSeconds(p), 0);
    cpuUsPerCall[k] = load.total > 0 ? ((after - (before[k] ?? 0)) / load.total) * 1e6 : Number.NaN;
  }
  return { name, c, load, cpuUsPerCall };
}

const fmt = (n: number, w = 7, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "—").padStart(w);

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is required (scripts/bench-proxy.sh sets up gatehouse_bench).");
  for (const p of [PROXY_DIST, WORKER_DIST]) if (!existsSync(p)) throw new Error(`${p} is missing: build first (scripts/bench-proxy.sh does).`);

  const redis = await startPrivateRedis();
  const probe = new Redis(redis.url);
  const redisPid = Number(/process_id:(\d+)/.exec(await probe.info("server"))?.[1]);
  const db = createDb(databaseUrl, { maxConnections: 2 });
  const upstream = await spawnReady(process.execPath, [here("./minimal-upstream.mjs")], {}, (l) => typeof l.url === "string");
  const upstreamUrl = upstream.line.url as string;
  const floor = await spawnReady(process.execPath, [here("./node-floor.mjs")], { UPSTREAM_URL: upstreamUrl }, (l) => typeof l.url === "string");
  const lb: LoadBalancer | null = existsSync("/usr/sbin/nginx") ? await startNginx([new URL(upstreamUrl).origin]) : null;

  const cp = await startTestControlPlane(redis.url);
  const key = randomBytes(32);
  const org = new TestOrg({ key, upstreamUrl, policy: POLICY });
  await db.organization.create({ data: { id: org.orgId, name: "bench", slug: `bench-${org.orgId.slice(-10)}` } });
  cp.put(org.bundle());
  const proxy = await spawnReady(
    process.execPath,
    ["--enable-source-maps", PROXY_DIST],
    {
      GATEHOUSE_CONTROL_PLANE_URL: cp.url,
      GATEHOUSE_PROXY_SECRET: cp.secret,
      GATEHOUSE_ENCRYPTION_KEY: key.toString("hex"),
      REDIS_URL: redis.url,
      GATEHOUSE_PROXY_PORT: "0",
      GATEHOUSE_PROXY_OPS_PORT: "0",
      GATEHOUSE_PROXY_STATE_DIR: await tempDir("bench-limit"),
      GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: "true",
      GATEHOUSE_LOG_LEVEL: "info",
      GATEHOUSE_PROXY_ID: "bench",
    },
    (l) => l.msg === "proxy listening",
  );
  const worker = await spawnReady(process.execPath, ["--enable-source-maps", WORKER_DIST], { DATABASE_URL: databaseUrl, REDIS_URL: redis.url }, (l) => l.msg === "decision ingestion started");
  const pgBackends = async () => (await db.$queryRawUnsafe<{ pid: number }[]>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")).map((r) => Number(r.pid));
  const gatehouseUrl = `${proxy.line.url as string}${org.mcpPath}`;
  const auth = { authorization: `Bearer ${org.identities[0]!.token}` };

  const targets: { name: string; url: string; headers: Record<string, string>; pids: () => Promise<Record<string, number[]>> }[] = [
    { name: "direct", url: upstreamUrl, headers: {}, pids: async () => ({ upstream: [upstream.process.pid!] }) },
    ...(lb ? [{ name: "nginx", url: `${lb.url}/mcp`, headers: {}, pids: async () => ({ proxy: [lb.pid], upstream: [upstream.process.pid!] }) }] : []),
    { name: "node floor", url: floor.line.url as string, headers: {}, pids: async () => ({ proxy: [floor.process.pid!], upstream: [upstream.process.pid!] }) },
    {
      name: "gatehouse",
      url: gatehouseUrl,
      headers: auth,
      pids: async () => ({ proxy: [proxy.process.pid!], upstream: [upstream.process.pid!], worker: [worker.process.pid!], redis: [redisPid], postgres: await pgBackends() }),
    },
  ];

  const rows: Row[] = [];
  try {
    console.log(`proxy benchmark — node ${process.version}, ${DURATION_S} s per cell, autocannon in its own process, tools/call with a small JSON result`);
    if (!lb) console.log("(nginx row skipped: /usr/sbin/nginx is missing — install the Debian package nginx-light)");
    // Every row must measure a forwarded, allowed call: check the answer once before timing.
    for (const t of targets) {
      const res = await fetch(t.url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...t.headers }, body: CALL });
      const text = await res.text();
      if (res.status !== 200 || !text.includes('"text":"ok"') || text.includes('"isError":true')) throw new Error(`${t.name} did not forward the call (${res.status}): ${text.slice(0, 300)}`);
    }
    // Warm every path once (JIT, pools, Redis scripts).
    for (const t of targets) await autocannon(t.url, 4, t.headers);
    for (const c of CONCURRENCY) for (const t of targets) rows.push(await measure(t.name, t.url, c, t.headers, t.pids));

    console.log("\n| target | c | calls/s | p50 ms | p99 ms | errors | CPU µs/call: proxy | upstream | worker | redis | postgres |");
    console.log("|---|---|---|---|---|---|---|---|---|---|---|");
    for (const r of rows) {
      const u = r.cpuUsPerCall;
      console.log(
        `| ${r.name} | ${r.c} | ${fmt(r.load.rps)} | ${fmt(r.load.p50, 6, 2)} | ${fmt(r.load.p99, 6, 2)} | ${r.load.errors} | ${fmt(u.proxy ?? Number.NaN)} | ${fmt(u.upstream ?? Number.NaN)} | ${fmt(u.worker ?? Number.NaN)} | ${fmt(u.redis ?? Number.NaN)} | ${fmt(u.postgres ?? Number.NaN)} |`,
      );
    }
    const at = (name: string, c: number) => rows.find((r) => r.name === name && r.c === c)!;
    console.log("\nagainst the targets (ratios from this run):");
    for (const c of [16, 64]) {
      const g = at("gatehouse", c);
      const f = at("node floor", c);
      console.log(`  c=${c}: throughput ${(g.load.rps / f.load.rps).toFixed(2)}× the node floor (target ≥ 0.7×); proxy CPU per call ${((g.cpuUsPerCall.proxy ?? 0) / (f.cpuUsPerCall.proxy ?? 1)).toFixed(2)}× the floor's (target ≤ 1.5×)`);
    }
    console.log(`  c=1: p50 added over direct ${(at("gatehouse", 1).load.p50 - at("direct", 1).load.p50).toFixed(2)} ms (target ≤ 0.3 ms; autocannon reports whole milliseconds)`);
    const stored = await db.decisionLog.count({ where: { orgId: org.orgId } });
    const sent = rows.filter((r) => r.name === "gatehouse").reduce((s, r) => s + r.load.total, 0);
    console.log(`  decision rows in Postgres when the table was printed: ${stored} of ${sent}+ calls (the worker keeps ingesting after the run)`);
  } finally {
    await db.decisionLog.deleteMany({ where: { orgId: org.orgId } });
    await db.organization.delete({ where: { id: org.orgId } }).catch(() => {});
    await db.$disconnect();
    probe.disconnect();
    await proxy.stop();
    await worker.stop();
    await floor.stop();
    await upstream.stop();
    await lb?.close();
    await cp.close();
    await redis.stop();
  }
}

await main();
