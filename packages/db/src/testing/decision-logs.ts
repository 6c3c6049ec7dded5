// Decision-log rows for tests and benchmarks, written by Postgres itself (generate_series): a
// million rows take seconds, not the minutes a client-side insert would. Row i is deterministic:
// its tool, outcome, server and identity cycle through the given lists, and its time steps back
// evenly from `newest` to `oldest`, so a test can compute what any filter must return.
import type { Db } from "../client.ts";

export type SeedDecisionLogs = {
  orgId: string;
  count: number;
  newest: Date;
  oldest: Date;
  tools?: string[];
  /** Outcomes cycle in this order (repeat one to weight it). */
  outcomes?: string[];
  serverIds?: string[];
  identityIds?: string[];
  /** Unique per seeding call; ids are `${idPrefix}_${i}`. */
  idPrefix?: string;
};

const DEFAULT_OUTCOMES = ["allowed", "allowed", "allowed", "allowed", "allowed", "allowed", "denied", "rate_limited", "approval_pending", "upstream_error"];

export async function seedDecisionLogs(db: Db, input: SeedDecisionLogs): Promise<{ idPrefix: string }> {
  const idPrefix = input.idPrefix ?? `dec_seed${Math.random().toString(36).slice(2, 10)}`;
  const tools = input.tools ?? ["search_docs", "create_issue", "refund_order", "flux_edit_image", "read_file"];
  const outcomes = input.outcomes ?? DEFAULT_OUTCOMES;
  const servers = input.serverIds ?? [null];
  const identities = input.identityIds ?? [null];
  const spanMs = Math.max(0, input.newest.getTime() - input.oldest.getTime());
  const step = input.count > 1 ? Math.floor(spanMs / (input.count - 1)) : 0;
  await db.$executeRaw`
    INSERT INTO "DecisionLog" ("id", "orgId", "requestId", "serverId", "identityId", "method", "toolName", "argKeys", "argsHash",
      "outcome", "rule", "message", "upstreamStatus", "upstreamLatencyMs", "proxyLatencyMs", "bundleRevision", "createdAt")
    SELECT ${idPrefix} || '_' || i, ${input.orgId}, 'req_' || ${idPrefix} || '_' || i,
      (${servers}::text[])[1 + i % ${servers.length}], (${identities}::text[])[1 + i % ${identities.length}],
      'tools/call', (${tools}::text[])[1 + i % ${tools.length}], ARRAY['query', 'limit'], md5(i::text),
      ((${outcomes}::text[])[1 + i % ${outcomes.length}])::"DecisionOutcome",
      CASE WHEN (${outcomes}::text[])[1 + i % ${outcomes.length}] IN ('denied', 'rate_limited') THEN 'rule-' || (i % 3) END,
      CASE WHEN (${outcomes}::text[])[1 + i % ${outcomes.length}] = 'denied' THEN 'Refused by policy' END,
      200, 5 + (i % 50), 0.1 + (i % 10) / 10.0, 1,
      ${input.newest}::timestamp - (i * ${step}::bigint * interval '1 millisecond')
    FROM generate_series(0, ${input.count - 1}) AS i`;
  return { idPrefix };
}
