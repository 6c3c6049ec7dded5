// A DecisionLog row as the API shows it: mapped field by field, never spread.
import type { DecisionLogResponse } from "@gatehouse/shared";

export type DecisionLogRow = {
  id: string;
  requestId: string;
  createdAt: Date;
  method: string;
  toolName: string | null;
  serverId: string | null;
  identityId: string | null;
  grantId: string | null;
  tokenPrefix: string | null;
  outcome: DecisionLogResponse["outcome"];
  shadowOutcome: DecisionLogResponse["shadowOutcome"];
  rule: string | null;
  message: string | null;
  argKeys: string[];
  argsHash: string | null;
  violationPaths: string[];
  policyId: string | null;
  policyVersionId: string | null;
  bundleRevision: number | null;
  approvalId: string | null;
  upstreamStatus: number | null;
  upstreamLatencyMs: number | null;
  proxyLatencyMs: number | null;
};

/** The columns a response needs, for `select` (the table has no column a response must hide). */
export const DECISION_LOG_SELECT = {
  id: true,
  requestId: true,
  createdAt: true,
  method: true,
  toolName: true,
  serverId: true,
  identityId: true,
  grantId: true,
  tokenPrefix: true,
  outcome: true,
  shadowOutcome: true,
  rule: true,
  message: true,
  argKeys: true,
  argsHash: true,
  violationPaths: true,
  policyId: true,
  policyVersionId: true,
  bundleRevision: true,
  approvalId: true,
  upstreamStatus: true,
  upstreamLatencyMs: true,
  proxyLatencyMs: true,
} as const;

export function presentDecisionLog(row: DecisionLogRow): DecisionLogResponse {
  return {
    id: row.id,
    requestId: row.requestId,
    createdAt: row.createdAt.toISOString(),
    method: row.method,
    toolName: row.toolName,
    serverId: row.serverId,
    identityId: row.identityId,
    grantId: row.grantId,
    tokenPrefix: row.tokenPrefix,
    outcome: row.outcome,
    shadowOutcome: row.shadowOutcome,
    rule: row.rule,
    message: row.message,
    argKeys: row.argKeys,
    argsHash: row.argsHash,
    violationPaths: row.violationPaths,
    policyId: row.policyId,
    policyVersionId: row.policyVersionId,
    bundleRevision: row.bundleRevision,
    approvalId: row.approvalId,
    upstreamStatus: row.upstreamStatus,
    upstreamLatencyMs: row.upstreamLatencyMs,
    proxyLatencyMs: row.proxyLatencyMs,
  };
}
