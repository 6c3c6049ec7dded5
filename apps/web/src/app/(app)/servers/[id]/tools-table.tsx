"use client";
// The server's tools: what each does (category), how bad a misuse would be (risk level), and the
// arguments that raised a signal, with the reason, and whether its calls are checked against its
// accepted inputSchema (a schema that cannot be compiled shows its warning). A tool whose
// definition changed since it was accepted is flagged, and an admin reviews the diff and accepts it here.
import type { RiskSignal, ServerResponse, ToolResponse } from "@gatehouse/shared";
import { Wrench } from "lucide-react";
import { Badge, type BadgeTone, RiskBadge, humanize } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DataTable, dataTableColumns } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/states";
import { ToolReviewDialog } from "./tool-review-dialog";

const STATUS_TONE: Record<ToolResponse["status"], BadgeTone> = { active: "success", changed: "warning", quarantined: "danger", removed: "neutral" };
const RISK_RANK = { low: 0, medium: 1, high: 2, critical: 3 } as const;

function Signals({ signals }: { signals: RiskSignal[] }) {
  if (signals.length === 0) return <span className="text-muted-foreground">None</span>;
  return (
    <ul className="flex flex-col gap-0.5 text-xs">
      {signals.map((s) => (
        <li key={`${s.kind}:${s.argument ?? ""}`}>{s.reason}</li>
      ))}
    </ul>
  );
}

/** Whether calls are validated: the server's mode over an accepted schema, or why not. */
function Validation({ validation }: { validation: ToolResponse["validation"] }) {
  if (validation.schema === "invalid") {
    return (
      <span className="flex flex-col gap-0.5" data-testid="tool-validation">
        <Badge tone="warning">Not validated</Badge>
        <span className="max-w-56 text-xs text-muted-foreground">{validation.warning}</span>
      </span>
    );
  }
  if (validation.schema === "none") return <span className="text-xs text-muted-foreground" data-testid="tool-validation">No schema</span>;
  if (!validation.validated) return <Badge data-testid="tool-validation">Off</Badge>;
  return (
    <Badge tone={validation.mode === "enforce" ? "success" : "info"} data-testid="tool-validation">
      {validation.mode === "enforce" ? "Enforced" : "Shadow"}
    </Badge>
  );
}

function columnsFor(server: ServerResponse, canWrite: boolean) {
  const col = dataTableColumns<ToolResponse>();
  return col.columns([
    col.accessor("name", {
      header: "Tool",
      meta: { className: "min-w-56" },
      cell: (info) => {
        const tool = info.row.original;
        return (
          <div>
            <span className="font-mono text-sm font-medium">{tool.name}</span>
            {tool.description && <p className="mt-0.5 line-clamp-2 max-w-md text-xs text-muted-foreground">{tool.description}</p>}
          </div>
        );
      },
    }),
    col.accessor("riskCategory", { header: "Category", cell: (info) => humanize(info.getValue()) }),
    col.accessor("riskLevel", {
      header: "Risk",
      sortFn: (a, b) => RISK_RANK[a.original.riskLevel] - RISK_RANK[b.original.riskLevel],
      cell: (info) => <RiskBadge level={info.getValue()} />,
    }),
    col.accessor("riskSignals", { header: "Signals", enableSorting: false, meta: { className: "min-w-56" }, cell: (info) => <Signals signals={info.getValue()} /> }),
    col.accessor("validation", {
      header: "Arguments",
      enableSorting: false,
      meta: { className: "min-w-32" },
      cell: (info) => <Validation validation={info.getValue()} />,
    }),
    col.accessor("status", {
      header: "Status",
      cell: (info) => {
        const tool = info.row.original;
        const needsReview = tool.status === "changed" || tool.status === "quarantined";
        return (
          <span className="inline-flex flex-wrap items-center gap-2">
            <Badge tone={STATUS_TONE[tool.status]}>{humanize(tool.status)}</Badge>
            {needsReview && canWrite && <ToolReviewDialog server={server} tool={tool} />}
          </span>
        );
      },
    }),
  ]);
}

export function ToolsTable({ server, tools, loading, canWrite }: { server: ServerResponse; tools: ToolResponse[]; loading: boolean; canWrite: boolean }) {
  const columns = columnsFor(server, canWrite);
  const live = tools.filter((t) => t.status !== "removed").length;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Tools</CardTitle>
        <CardDescription>
          {server.lastDiscoveredAt
            ? `${live} tools, riskiest first. Risk comes from each tool's annotations, name, description and input schema.`
            : "Not discovered yet: use “Discover tools” to list what this server offers."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <DataTable
          label="Tools"
          columns={columns}
          data={tools}
          getRowId={(t) => t.id}
          loading={loading}
          empty={
            <EmptyState icon={Wrench} title="No tools yet">
              Discovery lists the server's tools with the MCP protocol, stores each definition and rates its risk.
            </EmptyState>
          }
        />
      </CardContent>
    </Card>
  );
}
