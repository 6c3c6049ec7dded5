// pnpm bench — figures, not assertions (STYLE.md: Tests). Prints, per policy: compile time,
// evaluate p50/p99, and bytes allocated per evaluation.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { type CompiledPolicy, compilePolicy, evaluate, parsePolicy, type ToolCall } from "../src/index.ts";
import { FLUX, FLUX_CALLS, GLOB_CALLS, globHeavy, HUNDRED_CALLS, hundredTools, SHORTHAND, SHORTHAND_CALLS } from "./policies.ts";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const ctx = {
  orgId: "org_bench",
  identity: { id: "idn_1", name: "bench-bot", kind: "agent", labels: { team: "ops" } },
  grant: { id: "grt_1" },
  server: { id: "srv_1", name: "bench" },
  session: { id: "0123456789abcdef0123456789abcdef" },
  now: Date.UTC(2025, 0, 6, 14, 30),
};

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

function compileTimes(doc: object) {
  const text = JSON.stringify(doc);
  const parseMs: number[] = [];
  const compileMs: number[] = [];
  let plan: CompiledPolicy | null = null;
  for (let i = 0; i < 60; i++) {
    const t0 = performance.now();
    const parsed = parsePolicy(text);
    const t1 = performance.now();
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    plan = compilePolicy(parsed.document);
    const t2 = performance.now();
    if (i >= 10) {
      parseMs.push(t1 - t0);
      compileMs.push(t2 - t1);
    }
  }
  parseMs.sort((a, b) => a - b);
  compileMs.sort((a, b) => a - b);
  return { plan: plan as CompiledPolicy, parse: quantile(parseMs, 0.5), compile: quantile(compileMs, 0.5), bytes: text.length };
}

// Per-call timing with process.hrtime.bigint (its own cost, ~40-80 ns, is included).
function evalTimes(plan: CompiledPolicy, calls: ToolCall[], iterations: number) {
  let sink = 0;
  for (let i = 0; i < 20_000; i++) sink += evaluate(plan, calls[i % calls.length] as ToolCall, ctx).reservations.length;
  const ns = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const call = calls[i % calls.length] as ToolCall;
    const t0 = process.hrtime.bigint();
    sink += evaluate(plan, call, ctx).reservations.length;
    ns[i] = Number(process.hrtime.bigint() - t0);
  }
  const sorted = Array.from(ns).sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5) / 1000, p99: quantile(sorted, 0.99) / 1000, sink };
}

// Allocation: gc(), read heapUsed, run a batch small enough to stay inside the young
// generation (no GC in between), read heapUsed again; bytes/eval = delta / batch. Median of
// 30 batches; a batch in which a GC ran shows a negative delta and is discarded.
function allocPerEval(plan: CompiledPolicy, calls: ToolCall[]) {
  const batch = 1000;
  const samples: number[] = [];
  let sink = 0;
  for (let s = 0; s < 40 && samples.length < 30; s++) {
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < batch; i++) sink += evaluate(plan, calls[i % calls.length] as ToolCall, ctx).reservations.length;
    const delta = process.memoryUsage().heapUsed - before;
    if (delta >= 0) samples.push(delta / batch);
  }
  samples.sort((a, b) => a - b);
  return { bytes: quantile(samples, 0.5), sink };
}

const rows: string[] = [];
for (const [name, doc, calls] of [
  ["flux example", FLUX, FLUX_CALLS],
  ["100 tools / 20 predicates", hundredTools(), HUNDRED_CALLS],
  ["glob-heavy (300 globs)", globHeavy(), GLOB_CALLS],
  ["PolicyLayer shorthand", SHORTHAND, SHORTHAND_CALLS],
] as const) {
  const c = compileTimes(doc);
  const e = evalTimes(c.plan, calls as ToolCall[], 200_000);
  const a = allocPerEval(c.plan, calls as ToolCall[]);
  rows.push(
    [
      name.padEnd(27),
      `${(c.bytes / 1024).toFixed(1)} KiB`.padStart(9),
      `${c.parse.toFixed(3)} ms`.padStart(10),
      `${c.compile.toFixed(3)} ms`.padStart(11),
      `${e.p50.toFixed(2)} µs`.padStart(9),
      `${e.p99.toFixed(2)} µs`.padStart(9),
      `${Math.round(a.bytes)} B`.padStart(9),
    ].join("  "),
  );
}
console.log(`@gatehouse/policy bench — Node ${process.version}, ${process.arch}`);
console.log("parse = parsePolicy(JSON text), compile = compilePolicy(document): medians of 50 runs after 10 warm-up");
console.log("eval = evaluate() per call over a mixed call list, 200k calls after 20k warm-up, timed with process.hrtime.bigint");
console.log("alloc = heapUsed delta over batches of 1000 evaluations after a forced gc (median of 30 GC-free batches), per evaluation");
console.log("");
console.log(`${"policy".padEnd(27)}  ${"size".padStart(9)}  ${"parse".padStart(10)}  ${"compile".padStart(11)}  ${"eval p50".padStart(9)}  ${"eval p99".padStart(9)}  ${"alloc".padStart(9)}`);
for (const row of rows) console.log(row);
