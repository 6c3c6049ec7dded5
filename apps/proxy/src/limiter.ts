// Quota reservation against Redis (POLICY-LANGUAGE.md "Limits", evaluation step 7). One script
// call per decision reserves every bucket atomically (see packages/jobs rate-limit-script.ts);
// the proxy only computes window boundaries and keys, because Lua must be told its keys.
// Window maths mirrors @gatehouse/policy's fixedWindowBounds / slidingWindowEstimate.
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

export class Limiter {
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
      reply = await this.run(RESERVE, keys, argv);
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
