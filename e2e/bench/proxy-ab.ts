// `node --import tsx bench/proxy-ab.ts <other-build/main.js>` (from e2e/, after the build that
// bench-proxy.sh runs; DATABASE_URL set): this checkout's proxy (A) against another build of it
// (B: e.g. `git worktree add /tmp/base <rev>`, build it, pass its apps/proxy/dist/main.js), in
// one run, behind the same Redis, worker and upstream, in alternating cells (A B A B …) so that
// drift in the machine's speed lands on both. Prints CPU µs per call of each proxy per cell and
// the medians; asserts nothing. Run-to-run noise on these machines is ±15%, larger than most
// single changes: this is how a change's effect was measured.
// BENCH_AB_ROUNDS (default 4) rounds of BENCH_AB_S (default 6) seconds at each BENCH_CONCURRENCY.
import { autocannon, assertForwards, cpuSeconds, startGatehouseStack } from "./stack.ts";

const other = process.argv[2];
if (!other) throw new Error("usage: proxy-ab.ts <path to another build's apps/proxy/dist/main.js>");
const ROUNDS = Number(process.env.BENCH_AB_ROUNDS ?? 4);
const SECONDS = Number(process.env.BENCH_AB_S ?? 6);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? "16,64").split(",").map(Number);

const stack = await startGatehouseStack({ extraProxyDists: [other] });
const b = stack.extraProxies[0]!;
const sides = [
  { name: "A (this checkout)", url: stack.url, pid: stack.proxy.pid },
  { name: `B (${other})`, url: b.url, pid: b.proc.pid },
];
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
try {
  for (const s of sides) await assertForwards(s.name, s.url, stack.headers);
  for (const s of sides) await autocannon(s.url, { connections: 16, durationS: 8, headers: stack.headers });
  for (const c of CONCURRENCY) {
    const cpu: number[][] = sides.map(() => []);
    const rps: number[][] = sides.map(() => []);
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which side goes first, so neither always follows the other's backlog.
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      for (const i of order) {
        const side = sides[i]!;
        const before = cpuSeconds(side.pid);
        const load = await autocannon(side.url, { connections: c, durationS: SECONDS, headers: stack.headers });
        cpu[i]!.push(((cpuSeconds(side.pid) - before) / load.total) * 1e6);
        rps[i]!.push(load.rps);
      }
    }
    console.log(`\nc=${c}, ${ROUNDS} rounds of ${SECONDS} s`);
    sides.forEach((s, i) => {
      console.log(`  ${s.name}: proxy CPU µs/call ${cpu[i]!.map((x) => x.toFixed(0)).join(" ")} → median ${median(cpu[i]!).toFixed(0)}; calls/s median ${median(rps[i]!).toFixed(0)}`);
    });
    console.log(`  A/B CPU per call: ${(median(cpu[0]!) / median(cpu[1]!)).toFixed(3)}`);
  }
} finally {
  await stack.close();
}
