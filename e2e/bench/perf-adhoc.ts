import { spawn } from "node:child_process";
import { autocannon, assertForwards, cpuSplit, startGatehouseStack } from "./stack.ts";
const C = Number(process.env.C ?? 64);
const stack = await startGatehouseStack({ proxyNodeArgs: ["--perf-basic-prof-only-functions"] });
try {
  await assertForwards("g", stack.url, stack.headers);
  await autocannon(stack.url, { connections: 8, durationS: 3, headers: stack.headers });
  const b = cpuSplit(stack.proxy.pid);
  const perf = spawn("perf", ["record", "-F", "1999", "-g", "-o", "/tmp/perf.data", "-p", String(stack.proxy.pid), "--", "sleep", "6"], { stdio: "ignore" });
  const done = new Promise((r) => perf.once("exit", r));
  const load = await autocannon(stack.url, { connections: C, durationS: 8, headers: stack.headers });
  const a = cpuSplit(stack.proxy.pid);
  console.log(`c=${C} ${load.rps} rps; user ${((a.user - b.user) * 1e6 / load.total).toFixed(0)} µs/call, sys ${((a.system - b.system) * 1e6 / load.total).toFixed(0)} µs/call`);
  await done;
} finally { await stack.close(); }
