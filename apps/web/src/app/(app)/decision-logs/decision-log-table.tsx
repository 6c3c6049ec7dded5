"use client";
// The decision log as a DataTable over cursor pages; a row opens its detail drawer.
import type { DecisionLogResponse } from "@gatehouse/shared";
import { Activity } from "lucide-react";
import { OutcomeBadge } from "@/components/ui/badge";
import { DataTable, type DataTablePagination, dataTableColumns } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/states";

export type NameLookup = { server: (id: string | null) => string | null; identity: (id: string | null) => string | null };

type Row = DecisionLogResponse & { serverName: string | null; identityName: string | null; live: boolean };

const col = dataTableColumns<Row>();
const columns = col.columns([
  col.accessor("createdAt", {
    header: "Time",
    sortFn: "datetime",
    sortDescFirst: true,
    meta: { className: "whitespace-nowrap" },
    cell: (info) => (
      <span className="inline-flex items-center gap-1.5">
        {info.row.original.live && (
          <>
            <span aria-hidden className="size-1.5 rounded-full bg-emerald-500" title="Arrived by live tail" />
            <span className="sr-only">New:</span>
          </>
        )}
        <DateTime value={info.getValue()} />
      </span>
    ),
  }),
  col.accessor("toolName", { header: "Tool", sortFn: "alphanumeric", sortUndefined: "last", meta: { mono: true }, cell: (info) => info.getValue() ?? info.row.original.method }),
  col.accessor("outcome", { header: "Outcome", sortFn: "text", cell: (info) => <OutcomeBadge outcome={info.getValue()} /> }),
  col.accessor("rule", { header: "Rule", enableSorting: false, meta: { mono: true, className: "whitespace-nowrap" }, cell: (info) => info.getValue() ?? "—" }),
  col.accessor("serverName", { header: "Server", enableSorting: false, meta: { className: "whitespace-nowrap" }, cell: (info) => info.getValue() ?? "—" }),
  col.accessor("identityName", { header: "Identity", enableSorting: false, meta: { className: "whitespace-nowrap" }, cell: (info) => info.getValue() ?? info.row.original.tokenPrefix ?? "—" }),
  col.accessor("proxyLatencyMs", {
    header: "Overhead",
    sortFn: "basic",
    sortUndefined: "last",
    meta: { className: "text-right", label: "Proxy overhead" },
    cell: (info) => {
      const value = info.getValue();
      return value === null ? "—" : `${value.toFixed(1)} ms`;
    },
  }),
]);

type Props = {
  rows: DecisionLogResponse[];
  liveIds: ReadonlySet<string>;
  names: NameLookup;
  loading: boolean;
  pagination: DataTablePagination;
  onOpen: (row: DecisionLogResponse) => void;
  filtered: boolean;
};

export function DecisionLogTable({ rows, liveIds, names, loading, pagination, onOpen, filtered }: Props) {
  const data: Row[] = rows.map((row) => ({ ...row, serverName: names.server(row.serverId), identityName: names.identity(row.identityId), live: liveIds.has(row.id) }));
  return (
    <DataTable
      label="Decision logs"
      columns={columns}
      data={data}
      getRowId={(row) => row.id}
      enableColumnVisibility
      loading={loading}
      pagination={pagination}
      onRowClick={onOpen}
      empty={
        <EmptyState icon={Activity} title={filtered ? "No decisions match these filters" : "No decisions logged"}>
          {filtered
            ? "Try a longer time range or clear a filter."
            : "Every request an agent sends through the proxy is recorded here with its outcome and the rule that decided it."}
        </EmptyState>
      }
    />
  );
}
