// Every Redis key and channel Gatehouse uses, in one place. Keys that a single Lua script touches
// together share a hash tag (`{...}`), so the script stays valid on Redis Cluster.
export const REDIS_CHANNELS = {
  /** BundleAnnouncement JSON after every bundle rebuild. */
  bundles: "gatehouse:bundles",
} as const;

export const DECISION_STREAM = {
  /** Redis Stream of DecisionEvent batches (decision-entries.ts), written by proxies. */
  key: "{gatehouse:decisions}:stream",
  /** Consumer group the workers read with. */
  group: "ingest",
} as const;

/** Pub/sub channel of an org's stored decision events (the dashboard's live tail). */
export function decisionTailChannel(orgId: string): string {
  return `gatehouse:decisions:tail:${orgId}`;
}

/**
 * A rate-limit bucket's counter for one window. All buckets of one org share the `{org}` tag, so
 * one atomic script can reserve every bucket a decision names.
 */
export function rateLimitKey(prefix: string, orgId: string, bucketKey: string, windowStart: number): string {
  return `${prefix}{rl:${orgId}}:${bucketKey}:${windowStart}`;
}

/** Where a proxy replica reports the bundle revisions it runs (a hash with a TTL). */
export function proxyStatusKey(proxyId: string): string {
  return `gatehouse:proxy:${proxyId}`;
}
