// What the proxy benchmarks share: the minimal upstream, the built proxy and worker as their own
// processes (a stand-in control plane serves the bundle, a private redis-server holds limits and
// the decision stream, the worker ingests into the Postgres of DATABASE_URL), autocannon as an
// external load generator, and CPU time per process from /proc/<pid>/stat.
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

export const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const AUTOCANNON = createRequire(import.meta.url).resolve("autocannon/autocannon.js");
const PROXY_DIST = here("../../apps/proxy/dist/main.js");
const WORKER_DIST = here("../../apps/worker/dist/main.js");
const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;

/** The policy of the measured tool: a regex `require` and two limits that never trigger (grant and identity scope). */
export const REALISTIC_POLICY = {
  version: "1",
  default: "deny",
  tools: {
    flux_edit_image: {
      require: [{ conditions: [{ path: "args.prompt", op: "regex", value: "^[a-z0-9 ,.-]{1,200}$" }] }],
      limits: [
        { counter: "edits", window: "minute", max: 1_000_000_000, scope: "grant" },
        { counter: "edits_per_agent", window: "hour", max: 1_000_000_000, scope: "identity" },
      ],
    },
  },
};
export const CALL = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "tools/call",
  params: { name: "flux_edit_image", arguments: { prompt: "make the sky a little bluer", image_url: "https://example.com/cat.png" } },
});
const JSON_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

export type Proc = { process: ChildProcess; pid: number; line: Record<string, unknown>; stop(): Promise<void> };

/** Spawns `node args…` and resolves with the first JSON line of its stdout that satisfies `ready`. */
export function spawnReady(args: string[], env: Record<string, string>, ready: (line: Record<string, unknown>) => boolean): Promise<Proc> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(" ")} did not start:\n${out}`)), 30_000);
    child.stderr?.on("data", (c: Buffer) => {
      out = (out + c.toString()).slice(-32_000);
    });
    child.stdout?.on("data", (c: Buffer) => {
      out = (out + c.toString()).slice(-32_000);
      const line = out
        .split("\n")
        .filter((raw) => raw.startsWith("{"))
        .map((raw) => {
          try {
            return JSON.parse(raw) as Record<string, unknown>;
          } catch {
            return null;
          }
        })
        .find((l) => l !== null && ready(l));
      if (!line) return;
      clearTimeout(timer);
      child.stdout?.removeAllListeners("data");
      child.stdout?.resume();
      resolve({
        process: child,
        pid: child.pid!,
        line,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}:\n${out}`)));
  });
}

/** User + system CPU seconds of a process so far (0 once it is gone). */
export function cpuSeconds(pid: number): number {
  const { user, system } = cpuSplit(pid);
  return user + system;
}

/** User and system (kernel: syscalls, and on loopback the TCP work of both ends) CPU seconds so far. */
export function cpuSplit(pid: number): { user: number; system: number } {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return { user: Number(fields[11]) / CLK_TCK, system: Number(fields[12]) / CLK_TCK };
  } catch {
    return { user: 0, system: 0 };
  }
}

/** The machine's CPU time so far (/proc/stat, all cores): idle and steal shares tell whether a cell was CPU-bound and whether the hypervisor took time from it. */
export function machineCpu(): { idle: number; steal: number; total: number } {
  const t = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { idle: (t[3] ?? 0) + (t[4] ?? 0), steal: t[7] ?? 0, total: t.reduce((a, b) => a + b, 0) };
}

/** Resident set size of a process, in MiB. */
export function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** `loaderCpuS`: autocannon's own CPU seconds (user + system), read when it has exited. */
export type Load = { rps: number; p50: number; p99: number; total: number; errors: number; loaderCpuS: number };

/**
 * CPU seconds of this process's children that have exited and been waited for (cutime + cstime
 * of /proc/self/stat): read before a load generator starts and after it exits, the difference is
 * its own CPU, as long as no other child exits meanwhile (none does while a cell is measured).
 */
function exitedChildrenCpuSeconds(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[13]) + Number(fields[14])) / CLK_TCK;
}

/** autocannon in its own process: `connections` at full speed, or at a fixed `rate` (calls/s) in total. */
export function autocannon(url: string, opts: { connections: number; durationS: number; headers?: Record<string, string>; rate?: number }): Promise<Load> {
  const args = [AUTOCANNON, "--json", "-c", String(opts.connections), "-d", String(opts.durationS), "-m", "POST", "-b", CALL];
  if (opts.rate) args.push("--overallRate", String(opts.rate));
  for (const [k, v] of Object.entries({ ...JSON_HEADERS, ...opts.headers })) args.push("-H", `${k}=${v}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    const childrenBefore = exitedChildrenCpuSeconds();
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.once("exit", () => {
      try {
        const r = JSON.parse(out) as { requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; timeouts: number };
        const loaderCpuS = exitedChildrenCpuSeconds() - childrenBefore;
        resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, total: r.requests.total, errors: r.non2xx + r.errors + r.timeouts, loaderCpuS });
      } catch (error) {
        reject(new Error(`autocannon: ${String(error)}\n${out.slice(0, 500)}`));
      }
    });
  });
}

/** Refuses to measure a path that does not forward the call and answer it. */
export async function assertForwards(name: string, url: string, headers: Record<string, string> = {}): Promise<void> {
  const res = await fetch(url, { method: "POST", headers: { ...JSON_HEADERS, ...headers }, body: CALL });
  const text = await res.text();
  if (res.status !== 200 || !text.includes('"text":"ok"') || text.includes('"isError":true')) throw new Error(`${name} did not forward the call (${res.status}): ${text.slice(0, 300)}`);
}

/**
 * The minimal upstream, and Gatehouse (proxy + worker) in front of it. `proxyNodeArgs` and
 * `workerNodeArgs` go to that process's node (profile-proxy.ts passes --cpu-prof).
 */
export async function startGatehouseStack(opts: { proxyNodeArgs?: string[]; workerNodeArgs?: string[]; extraProxyDists?: string[] } = {}) {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is required (scripts/bench-proxy.sh sets up gatehouse_bench).");
  for (const p of [PROXY_DIST, WORKER_DIST, ...(opts.extraProxyDists ?? [])]) if (!existsSync(p)) throw new Error(`${p} is missing: build first (scripts/bench-proxy.sh does).`);

  const redis = await startPrivateRedis();
  const probe = new Redis(redis.url);
  const redisPid = Number(/process_id:(\d+)/.exec(await probe.info("server"))?.[1]);
  const db = createDb(databaseUrl, { maxConnections: 2 });
  const upstream = await spawnReady([here("./minimal-upstream.mjs")], {}, (l) => typeof l.url === "string");
  const upstreamUrl = upstream.line.url as string;
  const cp = await startTestControlPlane(redis.url);
  const key = randomBytes(32);
  const org = new TestOrg({ key, upstreamUrl, policy: REALISTIC_POLICY });
  await db.organization.create({ data: { id: org.orgId, name: "bench", slug: `bench-${org.orgId.slice(-10)}` } });
  cp.put(org.bundle());
  const startProxy = async (dist: string, id: string, nodeArgs: string[]) =>
    spawnReady(
      ["--enable-source-maps", ...nodeArgs, dist],
      {
        GATEHOUSE_CONTROL_PLANE_URL: cp.url,
        GATEHOUSE_PROXY_SECRET: cp.secret,
        GATEHOUSE_ENCRYPTION_KEY: key.toString("hex"),
        REDIS_URL: redis.url,
        GATEHOUSE_PROXY_PORT: "0",
        GATEHOUSE_PROXY_OPS_PORT: "0",
        GATEHOUSE_PROXY_STATE_DIR: await tempDir("bench"),
        GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: "true",
        GATEHOUSE_LOG_LEVEL: "info",
        GATEHOUSE_PROXY_ID: id,
      },
      (l) => l.msg === "proxy listening",
    );
  const proxy = await startProxy(PROXY_DIST, "bench", opts.proxyNodeArgs ?? []);
  // Other builds of the proxy beside this one (proxy-ab.ts), sharing the org, Redis and worker.
  const extraProxies: Proc[] = [];
  for (const [i, dist] of (opts.extraProxyDists ?? []).entries()) extraProxies.push(await startProxy(dist, `bench-${i + 2}`, []));
  const worker = await spawnReady(["--enable-source-maps", ...(opts.workerNodeArgs ?? []), WORKER_DIST], { DATABASE_URL: databaseUrl, REDIS_URL: redis.url }, (l) => l.msg === "decision ingestion started");
  const pgBackends = async () =>
    (await db.$queryRawUnsafe<{ pid: number }[]>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")).map((r) => Number(r.pid));

  return {
    upstream,
    upstreamUrl,
    proxy,
    worker,
    redisPid,
    redisUrl: redis.url,
    pgBackends,
    url: `${proxy.line.url as string}${org.mcpPath}`,
    extraProxies: extraProxies.map((p) => ({ proc: p, url: `${p.line.url as string}${org.mcpPath}` })),
    headers: { authorization: `Bearer ${org.identities[0]!.token}` },
    /** Decision rows the worker has stored for this run. */
    storedDecisions: () => db.decisionLog.count({ where: { orgId: org.orgId } }),
    close: async () => {
      await proxy.stop();
      for (const p of extraProxies) await p.stop();
      await worker.stop();
      await upstream.stop();
      await cp.close();
      await db.decisionLog.deleteMany({ where: { orgId: org.orgId } });
      await db.organization.delete({ where: { id: org.orgId } }).catch(() => {});
      await db.$disconnect();
      probe.disconnect();
      await redis.stop();
    },
  };
}
