import { listDecisionLogs } from "@gatehouse/services";
import type { Metadata } from "next";
import { Badge, Cell, DateCell, EmptyState, PageHeader, Table } from "@/components/page-parts";
import { getServiceContext } from "@/server/context";

export const metadata: Metadata = { title: "Decision logs" };

const OUTCOME_TONE = {
  allowed: "green",
  denied: "red",
  rate_limited: "amber",
  approval_pending: "amber",
  approval_denied: "red",
  approval_expired: "zinc",
  rejected: "red",
  upstream_error: "amber",
} as const;

export default async function DecisionLogsPage() {
  const logs = await listDecisionLogs(await getServiceContext());
  return (
    <>
      <PageHeader title="Decision logs" description="One row per request the proxy handled, newest first. Argument values are never stored, only their keys and a hash." />
      {logs.length === 0 ? (
        <EmptyState title="No decisions logged">Every request an agent sends through the proxy is recorded here with its outcome and the rule that decided it.</EmptyState>
      ) : (
        <Table label="Decision logs" head={["Time", "Method", "Tool", "Outcome", "Rule", "Identity", "Latency"]}>
          {logs.map((log) => (
            <tr key={log.id}>
              <DateCell value={log.createdAt} />
              <Cell mono>{log.method}</Cell>
              <Cell mono>{log.toolName ?? "—"}</Cell>
              <Cell>
                <Badge tone={OUTCOME_TONE[log.outcome]}>{log.outcome}</Badge>
              </Cell>
              <Cell mono>{log.rule ?? "—"}</Cell>
              <Cell mono>{log.identityId ?? log.tokenPrefix ?? "—"}</Cell>
              <Cell>{log.proxyLatencyMs === null ? "—" : `${log.proxyLatencyMs.toFixed(1)} ms`}</Cell>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
