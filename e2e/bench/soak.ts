// `pnpm bench:soak` (not in CI): 10 minutes at a fixed rate through the built proxy with the
// worker ingesting — 1,500 calls/s, or 70% of a short measured maximum when that is lower.
// Reports errors, the proxy's RSS at start, middle and end, and decision rows in = calls out.
import { assertForwards, autocannon, rssMiB, startGatehouseStack } from "./stack.ts";

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);

async function main(): Promise<void> {
  const stack = await startGatehouseStack();
  try {
    await assertForwards("gatehouse", stack.url, stack.headers);
    const max = await autocannon(stack.url, { connections: 32, durationS: 10, headers: stack.headers });
    const rate = Math.min(1500, Math.floor(max.rps * 0.7));
    console.log(`soak — maximum ${max.rps.toFixed(0)} calls/s at c=32; soaking ${MINUTES} min at ${rate} calls/s`);
    const rss: number[] = [rssMiB(stack.proxy.pid)];
    const half = setTimeout(() => rss.push(rssMiB(stack.proxy.pid)), (MINUTES * 60_000) / 2);
    const load = await autocannon(stack.url, { connections: 32, durationS: MINUTES * 60, headers: stack.headers, rate });
    clearTimeout(half);
    rss.push(rssMiB(stack.proxy.pid));
    // Count in = count out (every call of the run, the probe and the maximum's included): wait
    // for the worker to store what is still in the stream.
    const expected = 1 + max.total + load.total;
    let stored = await stack.storedDecisions();
    for (let waited = 0; stored < expected && waited < 120; waited++) {
      await new Promise((r) => setTimeout(r, 1000));
      stored = await stack.storedDecisions();
    }
    console.log(`calls ${load.total} at ${load.rps.toFixed(0)}/s, errors ${load.errors}, p50 ${load.p50} ms, p99 ${load.p99} ms`);
    console.log(`proxy RSS MiB — start ${rss[0]?.toFixed(1)}, middle ${rss[1]?.toFixed(1)}, end ${rss[2]?.toFixed(1)}`);
    console.log(`decision rows stored ${stored} of ${expected} calls made${stored === expected ? " — every one" : ""}`);
  } finally {
    await stack.close();
  }
}

await main();
