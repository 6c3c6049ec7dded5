// `pnpm bench:soak` (not in CI): 10 minutes at a fixed rate through the built proxy with the
// worker ingesting — 1,500 calls/s, or 70% of a short measured maximum when that is lower.
// Reports errors, the proxy's RSS every minute, and count in = count out: the decisions the proxy
// made (its own counter, read from /metrics) against the rows the worker stored. autocannon's
// totals are shown too, but they leave out the calls still in flight when each of its runs ends
// (up to one per connection), which the proxy did decide and log.
import { assertForwards, autocannon, rssMiB, startGatehouseStack } from "./stack.ts";

/** Sum of a counter's series in the proxy's Prometheus text. */
async function counter(opsUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${opsUrl}/metrics`)).text();
  let sum = 0;
  for (const line of text.split("\n")) if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  return sum;
}

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);

async function main(): Promise<void> {
  const stack = await startGatehouseStack();
  try {
    await assertForwards("gatehouse", stack.url, stack.headers);
    const max = await autocannon(stack.url, { connections: 32, durationS: 10, headers: stack.headers });
    const rate = Math.min(1500, Math.floor(max.rps * 0.7));
    console.log(`soak — maximum ${max.rps.toFixed(0)} calls/s at c=32; soaking ${MINUTES} min at ${rate} calls/s`);
    const rss: number[] = [rssMiB(stack.proxy.pid)];
    const everyMinute = setInterval(() => rss.push(rssMiB(stack.proxy.pid)), 60_000);
    const load = await autocannon(stack.url, { connections: 32, durationS: MINUTES * 60, headers: stack.headers, rate });
    clearInterval(everyMinute);
    rss.push(rssMiB(stack.proxy.pid));
    // Count in = count out: wait until the worker has stored every decision the proxy made (and
    // emitted: nothing may be dropped from its buffer).
    const opsUrl = stack.proxy.line.opsUrl as string;
    await new Promise((r) => setTimeout(r, 1000)); // calls autocannon left in flight finish
    const decided = await counter(opsUrl, "gatehouse_proxy_decisions_total");
    let stored = await stack.storedDecisions();
    for (let waited = 0; stored < decided && waited < 120; waited++) {
      await new Promise((r) => setTimeout(r, 1000));
      stored = await stack.storedDecisions();
    }
    const emitted = await counter(opsUrl, "gatehouse_proxy_decision_events_emitted_total");
    const dropped = await counter(opsUrl, "gatehouse_proxy_decision_events_dropped_total");
    const half = rss.slice(Math.floor(rss.length / 2));
    console.log(`calls ${load.total} at ${load.rps.toFixed(0)}/s, errors ${load.errors}, p50 ${load.p50} ms, p99 ${load.p99} ms`);
    console.log(`proxy RSS MiB — start ${rss[0]?.toFixed(1)}, middle ${rss[Math.floor(rss.length / 2)]?.toFixed(1)}, end ${rss[rss.length - 1]?.toFixed(1)}; every minute: ${rss.map((r) => r.toFixed(0)).join(" ")}`);
    console.log(`  second half: min ${Math.min(...half).toFixed(1)}, max ${Math.max(...half).toFixed(1)}`);
    console.log(`decisions made by the proxy ${decided}, emitted ${emitted}, dropped ${dropped}; rows stored ${stored}${stored === decided ? " — every one" : ""}`);
    console.log(`  (autocannon counted ${1 + max.total + load.total} completed calls: it leaves out those in flight when each run stopped)`);
  } finally {
    await stack.close();
  }
}

await main();
