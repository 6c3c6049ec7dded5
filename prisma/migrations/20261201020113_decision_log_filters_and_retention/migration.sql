-- DropIndex
DROP INDEX "DecisionLog_orgId_createdAt_idx";

-- DropIndex
DROP INDEX "DecisionLog_orgId_serverId_createdAt_idx";

-- DropIndex
DROP INDEX "DecisionLog_orgId_identityId_createdAt_idx";

-- DropIndex
DROP INDEX "DecisionLog_orgId_outcome_createdAt_idx";

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "decisionLogRetentionDays" INTEGER NOT NULL DEFAULT 30;

-- CreateIndex
CREATE INDEX "DecisionLog_orgId_createdAt_id_idx" ON "DecisionLog"("orgId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "DecisionLog_orgId_serverId_createdAt_id_idx" ON "DecisionLog"("orgId", "serverId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "DecisionLog_orgId_identityId_createdAt_id_idx" ON "DecisionLog"("orgId", "identityId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "DecisionLog_orgId_outcome_createdAt_id_idx" ON "DecisionLog"("orgId", "outcome", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "DecisionLog_orgId_toolName_createdAt_id_idx" ON "DecisionLog"("orgId", "toolName", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "DecisionLog_orgId_rule_createdAt_id_idx" ON "DecisionLog"("orgId", "rule", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "DecisionLog_orgId_requestId_idx" ON "DecisionLog"("orgId", "requestId");
