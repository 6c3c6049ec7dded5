// Decision events leave the proxy in batches (one stream entry per flush). An agent with a valid
// token cannot use that to lose other calls' events: huge argument objects (their keys travel in
// the event) split a flush into several entries below Redis's limits instead of one entry that
// would fail on every retry and hold the buffer back.
import { decodeDecisionEntry, MAX_DECISION_ENTRY_CHARS } from "@gatehouse/jobs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readDecisionEvents, streamCursor, waitFor } from "./helpers/harness.ts";
import { type ProxyStack, startProxyStack } from "./helpers/proxy-stack.ts";
import { bearer, post, rpc } from "./helpers/raw.ts";

let stack: ProxyStack;

beforeAll(async () => {
  // Every call is refused, so nothing needs an upstream; refused calls are logged with their argument keys.
  stack = await startProxyStack({ upstreamUrl: "http://127.0.0.1:9/mcp", policy: { version: "1", default: "deny" } });
});

afterAll(async () => {
  await stack?.close();
});

it("splits a flush of huge events into bounded entries and loses none of them", async () => {
  const since = streamCursor();
  const { url, org, proxy, redis } = stack;
  const token = org.identities[0]!.token;
  // 40,000 argument keys per call (~0.5 MB body, ~0.4 MB of keys in each event), eight at once,
  // and small calls in between: together several MiB in one 100 ms flush.
  const args = Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`key_${i}`, i]));
  const calls = Array.from({ length: 8 }, (_, i) => post(url, JSON.stringify(rpc(i, "tools/call", { name: "flux_edit_image", arguments: args })), bearer(token)));
  const small = Array.from({ length: 8 }, (_, i) => post(url, JSON.stringify(rpc(100 + i, "tools/call", { name: "flux_edit_image", arguments: { prompt: "x" } })), bearer(token)));
  for (const reply of await Promise.all([...calls, ...small])) expect(reply.status).toBe(200);

  const events = await waitFor(async () => {
    const found = await readDecisionEvents(redis, proxy, org.orgId, since);
    return found.length >= 16 ? found : undefined;
  }, 10_000, "all sixteen events in the stream");
  expect(events).toHaveLength(16);
  expect(events.filter((e) => e.argKeys.length === 40_000)).toHaveLength(8);
  expect(events.every((e) => e.outcome === "denied")).toBe(true);
  expect(proxy.metrics.eventsDropped.get()).toBe(0);

  const entries = await redis.xrange(proxy.config.decisionStreamKey, since, "+");
  expect(entries.length).toBeGreaterThan(1);
  for (const [, fields] of entries) {
    const value = fields[1] as string;
    const held = decodeDecisionEntry(fields) as unknown[];
    expect(value.length <= MAX_DECISION_ENTRY_CHARS || held.length === 1).toBe(true);
  }
}, 30_000);
