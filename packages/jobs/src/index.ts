export { createRedis, type RedisRole } from "./connection.ts";
export { DECISION_STREAM, REDIS_CHANNELS, proxyStatusKey, rateLimitKey } from "./keys.ts";
