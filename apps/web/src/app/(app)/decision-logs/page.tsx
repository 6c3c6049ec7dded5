import { listDecisionLogs } from "@gatehouse/services";
import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { getServiceContext } from "@/server/context";
import { type DecisionLogRow, DecisionLogTable } from "./decision-log-table";

export const metadata: Metadata = { title: "Decision logs" };

export default async function DecisionLogsPage() {
  const logs = await listDecisionLogs(await getServiceContext());
  // Mapped field by field: only what the table shows crosses to the browser.
  const rows: DecisionLogRow[] = logs.data.map((log) => ({
    id: log.id,
    createdAt: new Date(log.createdAt),
    method: log.method,
    toolName: log.toolName,
    outcome: log.outcome,
    rule: log.rule,
    caller: log.identityId ?? log.tokenPrefix,
    latencyMs: log.proxyLatencyMs,
  }));
  return (
    <>
      <PageHeader title="Decision logs" description="One row per request the proxy handled, newest first. Argument values are never stored, only their keys and a hash." />
      <DecisionLogTable rows={rows} />
    </>
  );
}
