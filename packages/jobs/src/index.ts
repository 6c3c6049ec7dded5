export { createRedis, type RedisRole } from "./connection.ts";
export { DECISION_STREAM, REDIS_CHANNELS, decisionTailChannel, proxyStatusKey, rateLimitKey } from "./keys.ts";
export { RATE_LIMIT_RELEASE_LUA, RATE_LIMIT_RESERVE_LUA } from "./rate-limit-script.ts";
export { createBundleAnnouncer, parseBundleAnnouncement } from "./bundle-announcer.ts";
export { type DecisionTail, type DecisionTailPublisher, TAIL_MAX_EVENTS_PER_MESSAGE, createDecisionTail, createDecisionTailPublisher } from "./decision-tail.ts";
