"use client";
// The identities list: the first page comes from the server component, react-query keeps it
// fresh and loads more; a kind filter narrows it through the API. A row opens the identity.
import type { IdentityResponse } from "@gatehouse/shared";
import { Users } from "lucide-react";
import { useRouter } from "next/navigation";
import { type ReactNode, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { DataTable, dataTableColumns } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { EmptyState, QueryErrorState } from "@/components/ui/states";
import { queryKeys } from "@/lib/api/query-keys";
import { type CursorPage, cursorPages, useCursorList } from "@/lib/api/use-cursor-list";
import { type IdentityKind, KINDS, KIND_LABELS } from "./identity-kinds";

const col = dataTableColumns<IdentityResponse>();
const columns = col.columns([
  col.accessor("name", {
    header: "Name",
    sortFn: "alphanumeric",
    cell: (info) => (
      <span className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{info.getValue()}</span>
        {info.row.original.disabledAt && <Badge tone="danger">Disabled</Badge>}
      </span>
    ),
  }),
  col.accessor("kind", { header: "Kind", sortFn: "text", cell: (info) => <Badge tone="info">{KIND_LABELS[info.getValue()]}</Badge> }),
  col.accessor("labels", {
    header: "Labels",
    enableSorting: false,
    cell: (info) => (
      <span className="flex flex-wrap gap-1">
        {Object.entries(info.getValue()).map(([key, value]) => (
          <Badge key={key} className="font-mono">
            {key}={value}
          </Badge>
        ))}
      </span>
    ),
  }),
  col.accessor("activeTokenCount", { header: "Live tokens", sortFn: "basic", meta: { className: "text-right" } }),
  col.accessor("grantCount", { header: "Grants", sortFn: "basic", meta: { className: "text-right" } }),
  col.accessor("lastUsedAt", { header: "Last activity", sortFn: "datetime", cell: (info) => (info.getValue() ? <DateTime value={info.getValue()} /> : <span className="text-muted-foreground">Never</span>) }),
  col.accessor("createdAt", { header: "Created", sortFn: "datetime", cell: (info) => <DateTime value={info.getValue()} /> }),
]);

const ALL = "all";

export function IdentitiesTable({ initialPage, createAction }: { initialPage: CursorPage<IdentityResponse>; createAction?: ReactNode }) {
  const router = useRouter();
  const [kind, setKind] = useState<IdentityKind | typeof ALL>(ALL);
  const filters = { kind: kind === ALL ? undefined : kind };
  const list = useCursorList({
    queryKey: queryKeys.identities.list(filters),
    fetchPage: cursorPages<IdentityResponse>("/identities", filters),
    ...(kind === ALL ? { initialPage } : {}),
  });

  if (list.isError) {
    return (
      <QueryErrorState title="Could not load identities" error={list.error} onRetry={list.refetch} />
    );
  }

  const toolbar = (
    <div className="flex items-center gap-2">
      <label htmlFor="identity-kind-filter" className="text-sm text-muted-foreground">
        Kind
      </label>
      <Select value={kind} onValueChange={(value) => setKind(value as IdentityKind | typeof ALL)}>
        <SelectTrigger id="identity-kind-filter" className="w-40">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={ALL}>All kinds</SelectItem>
          {KINDS.map((value) => (
            <SelectItem key={value} value={value}>
              {KIND_LABELS[value]}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );

  const emptyAll = (
    <EmptyState icon={Users} title="No identities yet" action={createAction}>
      An identity holds the tokens an agent presents to the proxy and the grants that say which servers it may use.
    </EmptyState>
  );

  return (
    <DataTable
      label="Identities"
      columns={columns}
      data={list.rows}
      getRowId={(row) => row.id}
      loading={list.isPending}
      pagination={list.pagination}
      onRowClick={(row) => router.push(`/identities/${row.id}`)}
      toolbar={toolbar}
      empty={kind === ALL ? emptyAll : <EmptyState icon={Users} title={`No ${KIND_LABELS[kind].toLowerCase()} identities`}>Choose another kind to see the rest.</EmptyState>}
    />
  );
}
