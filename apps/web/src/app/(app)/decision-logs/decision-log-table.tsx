"use client";
// The decision log as a DataTable: sortable by time, outcome, tool and latency, with optional
// columns. Rows arrive from the server component already mapped to plain fields.
import type { DecisionOutcome } from "@gatehouse/shared";
import { Activity } from "lucide-react";
import { OutcomeBadge } from "@/components/ui/badge";
import { DataTable, dataTableColumns } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/states";

export type DecisionLogRow = {
  id: string;
  createdAt: Date;
  method: string;
  toolName: string | null;
  outcome: DecisionOutcome;
  rule: string | null;
  caller: string | null;
  latencyMs: number | null;
};

const col = dataTableColumns<DecisionLogRow>();
const columns = col.columns([
  col.accessor("createdAt", { header: "Time", sortFn: "datetime", sortDescFirst: true, cell: (info) => <DateTime value={info.getValue()} /> }),
  col.accessor("method", { header: "Method", meta: { mono: true } }),
  col.accessor("toolName", { header: "Tool", sortFn: "alphanumeric", sortUndefined: "last", meta: { mono: true }, cell: (info) => info.getValue() ?? "—" }),
  col.accessor("outcome", { header: "Outcome", sortFn: "text", cell: (info) => <OutcomeBadge outcome={info.getValue()} /> }),
  col.accessor("rule", { header: "Rule", enableSorting: false, meta: { mono: true }, cell: (info) => info.getValue() ?? "—" }),
  col.accessor("caller", { header: "Identity", enableSorting: false, meta: { mono: true }, cell: (info) => info.getValue() ?? "—" }),
  col.accessor("latencyMs", {
    header: "Latency",
    sortFn: "basic",
    sortUndefined: "last",
    meta: { className: "text-right" },
    cell: (info) => {
      const value = info.getValue();
      return value === null ? "—" : `${value.toFixed(1)} ms`;
    },
  }),
]);

export function DecisionLogTable({ rows }: { rows: DecisionLogRow[] }) {
  return (
    <DataTable
      label="Decision logs"
      columns={columns}
      data={rows}
      getRowId={(row) => row.id}
      enableColumnVisibility
      initialSorting={[{ id: "createdAt", desc: true }]}
      empty={
        <EmptyState icon={Activity} title="No decisions logged">
          Every request an agent sends through the proxy is recorded here with its outcome and the rule that decided it.
        </EmptyState>
      }
    />
  );
}
