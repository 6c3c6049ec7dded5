// Who owns an MCP session. The upstream hands out an Mcp-Session-Id to whoever initializes; the
// proxy records it against the (org, server, identity) that did, so a different token presenting
// that id — same org or another one pointing at the same upstream — gets 404 on POST, GET and
// DELETE, as if the session did not exist. The record lives in Redis (every replica agrees),
// hash-tagged per org for Cluster, keyed by a digest of the id (the id is an upstream credential
// and never appears in key names), with an idle lifetime refreshed as the session is used.
// Each replica also remembers the bindings it has seen, so a session keeps working through a
// Redis outage on the replica that knows it; an unknown session with Redis down fails closed.
import { sha256Hex } from "@gatehouse/shared/node";
import type { Redis } from "ioredis";
import { errorMessage, type Logger } from "@gatehouse/shared/node";
import type { ProxyMetrics } from "./metrics.ts";

export type SessionOwner = { orgId: string; serverId: string; identityId: string };
export type SessionCheck = "owner" | "unknown" | "unavailable";

type Remembered = { identityId: string; refreshedAtMs: number };

/** Bindings remembered per replica; the oldest are forgotten past this (Redis still has them). */
const LOCAL_MAX = 100_000;
/** Refresh the Redis lifetime at most this often per session. */
const REFRESH_EVERY_MS = 60_000;

export class SessionBindings {
  private readonly local = new Map<string, Remembered>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
    private readonly metrics: ProxyMetrics,
    private readonly logger: Logger,
  ) {}

  key(owner: Omit<SessionOwner, "identityId">, sessionId: string): string {
    return `${this.prefix}{sess:${owner.orgId}}:${owner.serverId}:${sha256Hex(sessionId).slice(0, 32)}`;
  }

  /** Records a session the upstream just created for `owner`. The first owner stays the owner. */
  async bind(owner: SessionOwner, sessionId: string): Promise<void> {
    const key = this.key(owner, sessionId);
    this.remember(key, owner.identityId);
    try {
      const set = await this.redis.set(key, owner.identityId, "PX", this.ttlMs, "NX");
      if (set === null) {
        const existing = await this.redis.get(key);
        if (existing !== owner.identityId) {
          // The upstream reused an id it gave someone else: keep the first owner everywhere.
          this.logger.warn("upstream reissued a session id owned by another identity", { serverId: owner.serverId });
          this.local.delete(key);
          if (existing !== null) this.remember(key, existing);
        }
      }
    } catch (error) {
      this.metrics.redisErrors.inc({ op: "session_bind" });
      this.logger.warn("session binding not stored in Redis; only this replica knows it", { error: errorMessage(error) });
    }
  }

  async check(owner: SessionOwner, sessionId: string): Promise<SessionCheck> {
    const key = this.key(owner, sessionId);
    const known = this.local.get(key);
    const now = Date.now();
    if (known) {
      if (known.identityId !== owner.identityId) return "unknown";
      if (now - known.refreshedAtMs > REFRESH_EVERY_MS) {
        known.refreshedAtMs = now;
        this.redis.pexpire(key, this.ttlMs).catch(() => this.metrics.redisErrors.inc({ op: "session_refresh" }));
      }
      return "owner";
    }
    let identityId: string | null;
    try {
      identityId = await this.redis.get(key);
    } catch (error) {
      this.metrics.redisErrors.inc({ op: "session_check" });
      this.logger.warn("session binding unreadable: refusing the session (fail closed)", { error: errorMessage(error) });
      return "unavailable";
    }
    if (identityId === null) return "unknown";
    this.remember(key, identityId);
    if (identityId !== owner.identityId) return "unknown";
    this.redis.pexpire(key, this.ttlMs).catch(() => this.metrics.redisErrors.inc({ op: "session_refresh" }));
    return "owner";
  }

  /** The owner ended the session (DELETE answered by the upstream). */
  forget(owner: Omit<SessionOwner, "identityId">, sessionId: string): void {
    const key = this.key(owner, sessionId);
    this.local.delete(key);
    this.redis.del(key).catch(() => this.metrics.redisErrors.inc({ op: "session_forget" }));
  }

  private remember(key: string, identityId: string): void {
    if (this.local.size >= LOCAL_MAX) {
      const oldest = this.local.keys().next().value;
      if (oldest !== undefined) this.local.delete(oldest);
    }
    this.local.set(key, { identityId, refreshedAtMs: Date.now() });
  }
}
