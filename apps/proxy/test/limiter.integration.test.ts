// The reservation script against the real Redis: all-or-nothing across buckets, fractional
// increment_from amounts, release, and the sliding window's weighting of the previous window.
import { createRedis, rateLimitKey } from "@gatehouse/jobs";
import { compilePolicy, type EvalContext, evaluate, fixedWindowBounds, parsePolicy, type Reservation } from "@gatehouse/policy";
import { newId } from "@gatehouse/shared";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Limiter } from "../src/limiter.ts";
import { createLogger } from "@gatehouse/shared/node";
import { ProxyMetrics } from "../src/metrics.ts";
import { REDIS_URL } from "./helpers/harness.ts";
import { startPrivateRedis } from "./helpers/redis-server.ts";

const PREFIX = "gatehouse:";

function reservationsFor(doc: unknown, tool: string, args: Record<string, unknown>, ctx: EvalContext): Reservation[] {
  const parsed = parsePolicy(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const decision = evaluate(compilePolicy(parsed.document), { name: tool, arguments: args }, ctx);
  expect(decision.outcome).toBe("allow");
  return decision.reservations;
}

/** A limiter on its own connection that counts the EVALSHA commands it sends (each still goes to the real Redis). */
async function countingLimiter(): Promise<{ limiter: Limiter; evalshas: () => number; close: () => void }> {
  const conn = createRedis(REDIS_URL, "producer");
  await new Promise((resolve) => conn.once("ready", resolve));
  let sent = 0;
  const evalsha = conn.evalsha.bind(conn) as (...args: unknown[]) => Promise<unknown>;
  (conn as unknown as { evalsha: (...args: unknown[]) => Promise<unknown> }).evalsha = (...args) => {
    sent += 1;
    return evalsha(...args);
  };
  return { limiter: new Limiter(conn, PREFIX, new ProxyMetrics(), createLogger("error", {}, () => {})), evalshas: () => sent, close: () => conn.disconnect() };
}

describe("rate-limit reservation script", () => {
  let redis: Redis;
  let limiter: Limiter;
  const ctx = (): EvalContext => ({
    orgId: newId("org"),
    identity: { id: newId("identity"), name: "a", kind: "agent", labels: {} },
    grant: { id: newId("grant") },
    server: { id: newId("server"), name: "s" },
    now: Date.now(),
  });

  beforeAll(async () => {
    redis = createRedis(REDIS_URL, "producer");
    // The producer role has no offline queue (the hot path must fail fast): wait for the connection.
    await new Promise((resolve) => redis.once("ready", resolve));
    limiter = new Limiter(redis, PREFIX, new ProxyMetrics(), createLogger("error", {}, () => {}));
  });
  afterAll(() => redis.disconnect());

  it("reserves fractional increment_from amounts up to max and gives them back on release", async () => {
    const c = ctx();
    const doc = { version: "1", default: "deny", tools: { refund: { limits: [{ counter: "total", window: "day", max: 100, scope: "org", increment_from: "args.amount" }] } } };
    const at = (amount: number) => reservationsFor(doc, "refund", { amount }, c);
    const first = await limiter.reserve(c.orgId, at(40.5), c.now);
    expect(first.ok).toBe(true);
    expect((await limiter.reserve(c.orgId, at(40.5), c.now)).ok).toBe(true);
    const third = await limiter.reserve(c.orgId, at(30), c.now);
    expect(third).toMatchObject({ ok: false, reason: "no_room" });
    expect(third.ok === false && third.reason === "no_room" && third.retryAfterS).toBeGreaterThan(0);
    if (first.ok && first.held) limiter.release(first.held);
    await new Promise((r) => setTimeout(r, 50));
    expect((await limiter.reserve(c.orgId, at(30), c.now)).ok).toBe(true);
    expect((await limiter.reserve(c.orgId, at(0), c.now)).ok).toBe(true);
  });

  it("rate_limit {max: 10, window: 60} admits 10 per minute per MCP session, refuses the 11th with a retry, and expires", async () => {
    const c = ctx();
    const doc = '{"version":"1","default":"deny","tools":{"flux_edit_image":{"rate_limit":{"max":10,"window":60}}}}';
    const inSession = (session: string | null, now: number) => reservationsFor(doc, "flux_edit_image", {}, { ...c, now, session: session === null ? null : { id: session } });
    const { start, end } = fixedWindowBounds({ unit: "duration", ms: 60_000, label: "60s" }, c.now);
    for (const session of ["sess-a", "sess-b", null]) {
      for (let i = 0; i < 10; i++) expect((await limiter.reserve(c.orgId, inSession(session, c.now), c.now)).ok).toBe(true);
      const refused = await limiter.reserve(c.orgId, inSession(session, c.now), c.now);
      expect(refused).toMatchObject({ ok: false, reason: "no_room", reservation: { rule: "/tools/flux_edit_image/rate_limit", max: 10 }, retryAfterS: Math.ceil((end - c.now) / 1000) });
    }
    const sessionBucket = rateLimitKey(PREFIX, c.orgId, `${c.orgId}:session:sess-a:flux_edit_image.rate_limit`, start);
    const grantBucket = rateLimitKey(PREFIX, c.orgId, `${c.orgId}:grant:${c.grant.id}:flux_edit_image.rate_limit`, start);
    expect([await redis.get(sessionBucket), await redis.get(grantBucket)]).toEqual(["10", "10"]);
    // Gone one window after the window ends: nothing is left behind.
    const ttl = await redis.pttl(sessionBucket);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(end - c.now + 60_000);
    // The next minute has room again.
    expect((await limiter.reserve(c.orgId, inSession("sess-a", end), end)).ok).toBe(true);
  });

  it("is all-or-nothing: a full second bucket leaves the first untouched", async () => {
    const c = ctx();
    const doc = {
      version: "1",
      default: "deny",
      all_tools: { limits: [{ counter: "all", window: "hour", max: 1, scope: "grant" }] },
      tools: { t: { limits: [{ counter: "own", window: "hour", max: 5, scope: "grant" }] } },
    };
    const r = reservationsFor(doc, "t", {}, c);
    expect((await limiter.reserve(c.orgId, r, c.now)).ok).toBe(true);
    const refused = await limiter.reserve(c.orgId, r, c.now);
    expect(refused).toMatchObject({ ok: false, reason: "no_room", reservation: { rule: "/all_tools/limits/all" } });
    const own = r[0] as Reservation;
    const key = rateLimitKey(PREFIX, c.orgId, own.bucketKey, fixedWindowBounds(own.window, c.now).start);
    expect(Number(await redis.get(key))).toBe(1);
  });

  it("weights the previous window in sliding limits", async () => {
    const c = ctx();
    const doc = { version: "1", default: "deny", tools: { t: { limits: [{ counter: "s", window: "minute", max: 10, scope: "grant", algorithm: "sliding" }] } } };
    const r = reservationsFor(doc, "t", {}, c);
    const res = r[0] as Reservation;
    const { start } = fixedWindowBounds(res.window, c.now);
    const halfway = start + 30_000;
    // 10 calls last minute, half of which still count at the middle of this one: room for 5.
    await redis.set(rateLimitKey(PREFIX, c.orgId, res.bucketKey, start - 60_000), "10", "PX", 120_000);
    for (let i = 0; i < 5; i++) expect((await limiter.reserve(c.orgId, r, halfway)).ok, `call ${i + 1}`).toBe(true);
    const sixth = await limiter.reserve(c.orgId, r, halfway);
    expect(sixth).toMatchObject({ ok: false, reason: "no_room" });
    // prev 10 × (1 - e) + 5 + 1 ≤ 10 once e ≥ 0.6, i.e. 6 s after the halfway point.
    expect(sixth.ok === false && sixth.reason === "no_room" && sixth.retryAfterS).toBe(6);
    expect((await limiter.reserve(c.orgId, r, start + 36_500)).ok).toBe(true);
  });

  it("judges the decisions of one event-loop turn in order, each all-or-nothing, as separate scripts would", async () => {
    const c = ctx();
    const other = ctx();
    const doc = {
      version: "1",
      default: "deny",
      all_tools: { limits: [{ counter: "all", window: "hour", max: 4, scope: "grant" }] },
      tools: { t: { limits: [{ counter: "own", window: "hour", max: 2, scope: "grant" }] }, u: {} },
    };
    const t = reservationsFor(doc, "t", {}, c);
    const u = reservationsFor(doc, "u", {}, c);
    const sliding = reservationsFor({ version: "1", default: "deny", tools: { s: { limits: [{ counter: "s", window: "minute", max: 1, scope: "grant", algorithm: "sliding" }] } } }, "s", {}, c);
    const elsewhere = reservationsFor(doc, "t", {}, other);
    const counting = await countingLimiter();
    const batch = counting.limiter;
    const results = await Promise.all([
      batch.reserve(c.orgId, t, c.now), // own 1, all 1
      batch.reserve(c.orgId, t, c.now), // own 2, all 2
      batch.reserve(c.orgId, t, c.now), // own is full: refused, takes nothing
      batch.reserve(c.orgId, sliding, c.now), // a sliding bucket between fixed ones
      batch.reserve(c.orgId, sliding, c.now), // refused
      batch.reserve(c.orgId, u, c.now), // all 3
      batch.reserve(other.orgId, elsewhere, other.now), // another org: its own buckets, its own script run
      batch.reserve(c.orgId, u, c.now), // all 4
      batch.reserve(c.orgId, u, c.now), // all is full
    ]);
    counting.close();
    expect(results.map((r) => (r.ok ? "ok" : r.reason === "no_room" ? r.reservation.rule : r.reason))).toEqual([
      "ok",
      "ok",
      "/tools/t/limits/own",
      "ok",
      "/tools/s/limits/s",
      "ok",
      "ok",
      "ok",
      "/all_tools/limits/all",
    ]);
    // One script run per org for the whole turn.
    expect(counting.evalshas()).toBe(2);
    const count = async (orgId: string, res: Reservation) => Number(await redis.get(rateLimitKey(PREFIX, orgId, res.bucketKey, fixedWindowBounds(res.window, c.now).start)));
    const [own, all] = t as [Reservation, Reservation];
    expect([await count(c.orgId, own), await count(c.orgId, all), await count(c.orgId, sliding[0] as Reservation)]).toEqual([2, 4, 1]);
    expect(await count(other.orgId, (elsewhere as [Reservation, Reservation])[0])).toBe(1);
  });

  it("fails every decision of a turn closed when its script run fails", async () => {
    const c = ctx();
    const r = reservationsFor({ version: "1", default: "deny", tools: { t: { limits: [{ counter: "x", window: "hour", max: 5, scope: "grant" }] } } }, "t", {}, c);
    const broken = createRedis(REDIS_URL, "producer");
    await new Promise((resolve) => broken.once("ready", resolve));
    try {
      const failing = new Limiter(broken, PREFIX, new ProxyMetrics(), createLogger("error", {}, () => {}));
      const pending = [failing.reserve(c.orgId, r, c.now), failing.reserve(c.orgId, r, c.now)];
      // The connection dies before the turn's batch is sent.
      broken.disconnect();
      for (const result of await Promise.all(pending)) expect(result).toMatchObject({ ok: false, reason: "unavailable" });
    } finally {
      broken.disconnect();
    }
  });

  it("loads the script again after Redis lost it (restart, SCRIPT FLUSH) and still counts exactly", async () => {
    // A private redis-server: flushing the script cache of the machine's shared one would reach other tests.
    const own = await startPrivateRedis();
    const conn = createRedis(own.url, "producer");
    try {
      await new Promise((resolve) => conn.once("ready", resolve));
      const fresh = new Limiter(conn, PREFIX, new ProxyMetrics(), createLogger("error", {}, () => {}));
      const c = ctx();
      const r = reservationsFor({ version: "1", default: "deny", tools: { t: { limits: [{ counter: "x", window: "hour", max: 3, scope: "grant" }] } } }, "t", {}, c);
      const turn = () => Promise.all([fresh.reserve(c.orgId, r, c.now), fresh.reserve(c.orgId, r, c.now)]);
      // First turn: the script was never loaded here (EVALSHA answers NOSCRIPT, EVAL follows).
      expect((await turn()).map((x) => x.ok)).toEqual([true, true]);
      await conn.script("FLUSH");
      expect((await turn()).map((x) => x.ok)).toEqual([true, false]);
      const res = r[0] as Reservation;
      expect(await conn.get(rateLimitKey(PREFIX, c.orgId, res.bucketKey, fixedWindowBounds(res.window, c.now).start))).toBe("3");
    } finally {
      conn.disconnect();
      await own.stop();
    }
  });

  it("reports an unreachable Redis instead of allowing", async () => {
    const dead = createRedis("redis://127.0.0.1:1", "producer");
    try {
      const c = ctx();
      const r = reservationsFor({ version: "1", default: "deny", tools: { t: { limits: [{ counter: "x", window: "hour", max: 5, scope: "grant" }] } } }, "t", {}, c);
      const result = await new Limiter(dead, PREFIX, new ProxyMetrics(), createLogger("error", {}, () => {})).reserve(c.orgId, r, c.now);
      expect(result).toMatchObject({ ok: false, reason: "unavailable" });
    } finally {
      dead.disconnect();
    }
  });
});
