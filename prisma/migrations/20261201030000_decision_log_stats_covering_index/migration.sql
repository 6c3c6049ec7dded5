-- Hand-written (Prisma's schema cannot say INCLUDE; see docs/adr/0005): the org/time index that
-- serves the newest-first list also carries the columns the stats aggregate, so a stats range is
-- an index-only scan instead of one heap fetch per row. Same name and key as before, so the
-- schema's @@index([orgId, createdAt(sort: Desc), id(sort: Desc)]) still describes it.
DROP INDEX "DecisionLog_orgId_createdAt_id_idx";
CREATE INDEX "DecisionLog_orgId_createdAt_id_idx" ON "DecisionLog"("orgId", "createdAt" DESC, "id" DESC)
  INCLUDE ("outcome", "toolName", "rule", "proxyLatencyMs", "upstreamLatencyMs");
