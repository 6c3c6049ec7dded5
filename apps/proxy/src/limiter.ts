// Quota reservation against Redis (POLICY-LANGUAGE.md "Limits", evaluation step 7). The script
// reserves every bucket of a decision atomically (see packages/jobs rate-limit-script.ts); the
// proxy only computes window boundaries and keys, because Lua must be told its keys. Window
// maths mirrors @gatehouse/policy's fixedWindowBounds / slidingWindowEstimate.
//
// The decisions of one event-loop turn go to Redis together: reserve() queues its decision and a
// setImmediate sends the queue as one EVALSHA per org (the keys of one EVALSHA must share a
// hash tag). Under load that is one command for several calls — less client CPU per call
// (ioredis builds, writes and parses one command) and less Redis CPU (one script run) — and a
// lone call waits no longer than an auto-pipelined command did (one setImmediate). The script
// judges the decisions in order, exactly as separate EVALSHAs would, so limits stay exact.
import { createHash } from "node:crypto";
import { RATE_LIMIT_RELEASE_LUA, RATE_LIMIT_RESERVE_LUA, rateLimitKey } from "@gatehouse/jobs";
import { fixedWindowBounds, type Reservation } from "@gatehouse/policy";
import type { Redis } from "ioredis";
import { errorMessage, type Logger } from "@gatehouse/shared/node";
import type { ProxyMetrics } from "./metrics.ts";

/** What a successful reservation took, so it can be given back if the upstream call fails. */
export type HeldQuota = { keys: string[]; amounts: string[] };

export type ReserveResult =
  | { ok: true; held: HeldQuota | null }
  | { ok: false; reason: "no_room"; reservation: Reservation; retryAfterS: number }
  | { ok: false; reason: "unavailable"; message: string };

type Script = { lua: string; sha: string };
const script = (lua: string): Script => ({ lua, sha: createHash("sha1").update(lua).digest("hex") });
const RESERVE = script(RATE_LIMIT_RESERVE_LUA);
const RELEASE = script(RATE_LIMIT_RELEASE_LUA);

/** Decisions per EVALSHA at most: bounds how long one script run holds Redis. */
const MAX_BATCH = 64;

type Queued = { keys: string[]; argv: string[]; resolve: (reply: unknown) => void; reject: (error: unknown) => void };

export class Limiter {
  private queue = new Map<string, Queued[]>();
  private scheduled = false;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly metrics: ProxyMetrics,
    private readonly logger: Logger,
  ) {}

  async reserve(orgId: string, reservations: readonly Reservation[], now: number): Promise<ReserveResult> {
    if (reservations.length === 0) return { ok: true, held: null };
    const keys: string[] = [];
    const argv: string[] = [String(now), String(reservations.length)];
    const held: HeldQuota = { keys: [], amounts: [] };
    for (const r of reservations) {
      const { start, end } = fixedWindowBounds(r.window, now);
      const current = rateLimitKey(this.prefix, orgId, r.bucketKey, start);
      if (r.algorithm === "sliding") {
        const previous = fixedWindowBounds(r.window, start - 1).start;
        keys.push(rateLimitKey(this.prefix, orgId, r.bucketKey, previous), current);
        argv.push("s");
      } else {
        keys.push(current);
        argv.push("f");
      }
      argv.push(String(r.amount), String(r.max), String(start), String(end));
      held.keys.push(current);
      held.amounts.push(String(r.amount));
    }
    let reply: unknown;
    try {
      reply = await this.enqueue(orgId, keys, argv);
    } catch (error) {
      this.metrics.redisErrors.inc({ op: "reserve" });
      return { ok: false, reason: "unavailable", message: errorMessage(error) };
    }
    // Anything but the script's own answer fails closed, like an unreachable Redis.
    if (!Array.isArray(reply)) return { ok: false, reason: "unavailable", message: "unexpected reply from the rate-limit script" };
    if (reply[0] === 1) return { ok: true, held };
    const index = Number(reply[1]) - 1;
    const reservation = reservations[index] ?? (reservations[0] as Reservation);
    return { ok: false, reason: "no_room", reservation, retryAfterS: Math.max(1, Math.ceil(Number(reply[2]) / 1000)) };
  }

  /** Gives quota back after an upstream failure. Never throws: a lost release only costs quota. */
  release(held: HeldQuota): void {
    this.run(RELEASE, held.keys, held.amounts).catch((error: unknown) => {
      this.metrics.redisErrors.inc({ op: "release" });
      this.logger.warn("quota release failed", { error: errorMessage(error), buckets: held.keys.length });
    });
  }

  /** This decision's three-integer answer from the next batch. */
  private enqueue(orgId: string, keys: string[], argv: string[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const queued: Queued = { keys, argv, resolve, reject };
      const list = this.queue.get(orgId);
      if (list) list.push(queued);
      else this.queue.set(orgId, [queued]);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = new Map();
    for (const list of queue.values()) {
      for (let i = 0; i < list.length; i += MAX_BATCH) void this.send(list.slice(i, i + MAX_BATCH));
    }
  };

  private async send(batch: Queued[]): Promise<void> {
    const keys: string[] = [];
    const argv: string[] = [String(batch.length)];
    for (const q of batch) {
      for (const key of q.keys) keys.push(key);
      for (const arg of q.argv) argv.push(arg);
    }
    let reply: unknown;
    try {
      reply = await this.run(RESERVE, keys, argv);
    } catch (error) {
      for (const q of batch) q.reject(error);
      return;
    }
    // Each decision's three integers; anything else reaches reserve() as a reply it refuses (fail closed).
    const flat = Array.isArray(reply) && reply.length === batch.length * 3 ? reply : null;
    batch.forEach((q, i) => {
      q.resolve(flat ? flat.slice(i * 3, i * 3 + 3) : null);
    });
  }

  private async run(s: Script, keys: string[], argv: string[]): Promise<unknown> {
    try {
      return await this.redis.evalsha(s.sha, keys.length, ...keys, ...argv);
    } catch (error) {
      // After a Redis restart or SCRIPT FLUSH the cache is empty; EVAL loads it again.
      if (!errorMessage(error).startsWith("NOSCRIPT")) throw error;
      return await this.redis.eval(s.lua, keys.length, ...keys, ...argv);
    }
  }
}
