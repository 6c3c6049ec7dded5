// Token `lastUsedAt` from proxy traffic, without a database write per proxied call: each ingested
// batch of decision events (up to 500) is reduced to the latest call per token, and each token
// seen is updated once — a busy agent making thousands of calls a minute costs one UPDATE per
// batch. Events name the token by identity and display prefix (the proxy never sees token ids);
// prefixes carry 48 random bits, so within one identity they name one token. Only authenticated
// requests count: a refused bad token has no identity.
import type { Db } from "@gatehouse/db";
import type { DecisionEvent } from "@gatehouse/shared";

export type TokenUse = { orgId: string; identityId: string; prefix: string; at: Date };

/** The latest use per token in `events`. */
export function latestTokenUses(events: readonly DecisionEvent[]): TokenUse[] {
  const latest = new Map<string, TokenUse>();
  for (const event of events) {
    if (!event.identityId || !event.tokenPrefix) continue;
    const at = new Date(event.at);
    if (Number.isNaN(at.getTime())) continue;
    const key = `${event.orgId}\u0000${event.identityId}\u0000${event.tokenPrefix}`;
    const seen = latest.get(key);
    if (!seen || seen.at < at) latest.set(key, { orgId: event.orgId, identityId: event.identityId, prefix: event.tokenPrefix, at });
  }
  return [...latest.values()];
}

/** Moves each token's lastUsedAt forward (never back: batches may arrive out of order). Returns tokens updated. */
export async function recordTokenUse(db: Db, events: readonly DecisionEvent[]): Promise<number> {
  let updated = 0;
  for (const use of latestTokenUses(events)) {
    // Deliberately across tenants: ingestion is a system process; each update still names its org.
    const { count } = await db.token.updateMany({
      where: { orgId: use.orgId, identityId: use.identityId, prefix: use.prefix, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: use.at } }] },
      data: { lastUsedAt: use.at },
    });
    updated += count;
  }
  return updated;
}
