// Redis connections. Three roles, kept apart as BullMQ and ioredis want them:
// - producer: fails fast (a request path must not hang on a dead Redis; callers fail closed);
// - worker: retries forever (`maxRetriesPerRequest: null`, required by BullMQ workers);
// - subscriber: a dedicated connection in subscribe mode.
import { Redis, type RedisOptions } from "ioredis";

export type RedisRole = "producer" | "worker" | "subscriber";

export function createRedis(url: string, role: RedisRole, extra: RedisOptions = {}): Redis {
  const base: RedisOptions =
    role === "producer"
      ? { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, commandTimeout: 2000 }
      : { maxRetriesPerRequest: null, enableOfflineQueue: true };
  const redis = new Redis(url, {
    ...base,
    lazyConnect: false,
    // Back off to at most 2 s between reconnects; never give up.
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    ...extra,
  });
  // Without a listener ioredis logs every failed reconnect as an unhandled error event.
  redis.on("error", () => {});
  return redis;
}
