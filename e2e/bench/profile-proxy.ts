// `node --import tsx bench/profile-proxy.ts` (from e2e/, after the build that bench-proxy.sh
// runs; DATABASE_URL set): the built proxy under the benchmark's load with --cpu-prof, then the
// functions with the most self time, mapped back to their TypeScript source through the bundle's
// source map. Where the proxy's CPU per call goes, as a table; asserts nothing.
// BENCH_PROFILE_S (default 10) seconds at BENCH_PROFILE_C (default 16) connections;
// BENCH_PROFILE_PROCESS=worker profiles the worker (decision ingestion) under that load instead.
import { readdirSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { join } from "node:path";
import { tempDir } from "../../apps/proxy/test/helpers/harness.ts";
import { assertForwards, autocannon, cpuSeconds, here, startGatehouseStack } from "./stack.ts";

const DURATION_S = Number(process.env.BENCH_PROFILE_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_PROFILE_C ?? 16);
const TOP = Number(process.env.BENCH_PROFILE_TOP ?? 40);
/** `worker` profiles the decision-ingesting worker under the same load instead of the proxy. */
const TARGET = process.env.BENCH_PROFILE_PROCESS === "worker" ? "worker" : "proxy";

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; hitCount?: number; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const dir = await tempDir("proxy-profile");
const profileArgs = ["--cpu-prof", `--cpu-prof-dir=${dir}`];
const stack = await startGatehouseStack(TARGET === "worker" ? { workerNodeArgs: profileArgs } : { proxyNodeArgs: profileArgs });
const profiled = stack[TARGET];
let logged = "";
profiled.process.stdout?.on("data", (c: Buffer) => {
  if (logged.length < 4000) logged += c.toString();
});
let exitedAt = 0;
profiled.process.once("exit", () => {
  exitedAt = performance.now();
});
let loadFrom = 0;
let loadTo = 0;
let total = 0;
let cpuUs = 0;
try {
  await assertForwards("gatehouse", stack.url, stack.headers);
  await autocannon(stack.url, { connections: 4, durationS: 2, headers: stack.headers });
  const before = cpuSeconds(profiled.pid);
  loadFrom = performance.now();
  const load = await autocannon(stack.url, { connections: CONNECTIONS, durationS: DURATION_S, headers: stack.headers });
  loadTo = performance.now();
  total = load.total;
  cpuUs = ((cpuSeconds(profiled.pid) - before) / load.total) * 1e6;
  console.log(`gatehouse c=${CONNECTIONS}: ${load.rps.toFixed(0)} calls/s, p50 ${load.p50} ms, ${load.errors} errors, ${TARGET} CPU ${cpuUs.toFixed(0)} µs/call (with the profiler on)`);
} finally {
  await stack.close();
}
if (process.env.BENCH_PROFILE_SHOW_LOG) console.log(logged);

const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
if (!file) throw new Error(`no .cpuprofile in ${dir}: the ${TARGET} did not exit cleanly`);
const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as Profile;
const map = new SourceMap(JSON.parse(readFileSync(here(`../../apps/${TARGET}/dist/main.js.map`), "utf8")));

// Self time per node: the samples that landed in it while the load ran (startup and shutdown are
// left out; the profile's clock ends when the process exits). Counted, not timed: on a busy
// machine a sample's time delta includes the time the process was not running at all.
const windowFrom = profile.endTime - (exitedAt - loadFrom) * 1000;
const windowTo = profile.endTime - (exitedAt - loadTo) * 1000;
const selfUs = new Map<number, number>();
let at = profile.startTime;
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i] ?? 0;
  if (at >= windowFrom && at <= windowTo) selfUs.set(id, (selfUs.get(id) ?? 0) + 1);
});
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n: ProfileNode): string => {
  const f = n.callFrame;
  let where = f.url.replace(/^file:\/\//, "");
  if (f.url.endsWith("dist/main.js")) {
    const entry = map.findEntry(f.lineNumber, f.columnNumber) as { originalSource?: string; originalLine?: number };
    where = entry.originalSource ? `${entry.originalSource.replace(/^.*?\/(apps|packages|node_modules)\//, "$1/")}:${(entry.originalLine ?? 0) + 1}` : "dist/main.js";
  }
  return `${f.functionName || "(anonymous)"}  ${where}`;
};
const self = new Map<string, number>();
// Inclusive: a sample counts once for every distinct frame on its stack.
const inclusive = new Map<string, number>();
let busy = 0;
for (const [id, count] of selfUs) {
  const node = nodes.get(id) as ProfileNode;
  const key = label(node);
  if (key.startsWith("(idle)")) continue;
  busy += count;
  self.set(key, (self.get(key) ?? 0) + count);
  const seen = new Set<string>();
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
    const k = label(nodes.get(n) as ProfileNode);
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + count);
  }
}
const table = (title: string, rows: Map<string, number>, filter: (key: string) => boolean) => {
  console.log(`\n${title}, top ${TOP} (${busy} busy samples, idle excluded; µs per call = share × ${cpuUs.toFixed(0)})`);
  console.log("| % of busy | µs/call | function  source |\n|---|---|---|");
  for (const [key, count] of [...rows].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
    const share = count / busy;
    console.log(`| ${(share * 100).toFixed(1).padStart(5)} | ${(share * cpuUs).toFixed(1).padStart(6)} | ${key} |`);
  }
};
// By component: each sample goes to the innermost frame on its stack that is Gatehouse's code or a
// library (so undici's socket writes count as undici), else to the Node internal or native frame
// it landed in. The shortest answer to "where does a call's CPU go".
const componentOf = (key: string): string | null => {
  const where = key.slice(key.lastIndexOf("  ") + 2);
  const pkg = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(where);
  if (pkg) return pkg[1] as string;
  if (/^(apps|packages)\//.test(where) || where.startsWith("../src/")) return where.replace(/:\d+$/, "");
  return null;
};
const components = new Map<string, number>();
for (const [id, count] of selfUs) {
  const leaf = nodes.get(id) as ProfileNode;
  const leafKey = label(leaf);
  if (leafKey.startsWith("(idle)")) continue;
  let component: string | null = null;
  for (let n: number | undefined = id; n !== undefined && component === null; n = parent.get(n)) component = componentOf(label(nodes.get(n) as ProfileNode));
  if (leaf.callFrame.functionName === "(garbage collector)") component = "(garbage collector)";
  component ??= `node: ${leaf.callFrame.url.replace(/^node:/, "") || leaf.callFrame.functionName}`;
  components.set(component, (components.get(component) ?? 0) + count);
}
table("by component (the innermost Gatehouse or library frame on each sample's stack)", components, () => true);
table("self time during the load", self, () => true);
// Our own code (and the libraries it calls), inclusive: which step of the request path costs what.
table("inclusive time, Gatehouse and library functions", inclusive, (k) => /\s(apps|packages|node_modules)\//.test(k));
console.log(`\nprofile: ${join(dir, file)} (${total} calls)`);
