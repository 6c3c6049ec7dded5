"use client";
// The servers list: name, upstream, proxy URL (copyable), tools and how many wait for review.
import type { ServerResponse } from "@gatehouse/shared";
import { ServerIcon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { DataTable, dataTableColumns } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState, QueryErrorState } from "@/components/ui/states";
import { queryKeys } from "@/lib/api/query-keys";
import { type CursorPage, cursorPages, useCursorList } from "@/lib/api/use-cursor-list";

const col = dataTableColumns<ServerResponse>();
const columns = col.columns([
  col.accessor("name", {
    header: "Name",
    meta: { className: "min-w-48" },
    cell: (info) => {
      const server = info.row.original;
      return (
        <div>
          <Link href={`/servers/${server.id}`} className="font-medium underline-offset-4 hover:underline">
            {server.name}
          </Link>
          {!server.enabled && (
            <Badge tone="warning" className="ml-2">
              Disabled
            </Badge>
          )}
          {server.description && <p className="mt-0.5 text-xs text-muted-foreground">{server.description}</p>}
        </div>
      );
    },
  }),
  col.accessor("upstreamUrl", { header: "Upstream URL", enableSorting: false, meta: { mono: true, className: "min-w-48" } }),
  col.accessor("proxyUrl", {
    header: "Proxy URL",
    enableSorting: false,
    meta: { mono: true, className: "min-w-56" },
    cell: (info) => (
      <span className="inline-flex items-start gap-1">
        <span className="pt-1.5">{info.getValue()}</span>
        <CopyButton value={info.getValue()} label={`Copy proxy URL of ${info.row.original.name}`} toastMessage="Proxy URL copied" />
      </span>
    ),
  }),
  col.accessor("toolCount", {
    header: "Tools",
    cell: (info) => {
      const server = info.row.original;
      if (!server.lastDiscoveredAt) return <span className="text-muted-foreground">Not discovered</span>;
      return (
        <span className="inline-flex items-center gap-2">
          {info.getValue()}
          {server.toolsNeedingReview > 0 && <Badge tone="danger">{server.toolsNeedingReview} changed</Badge>}
        </span>
      );
    },
  }),
  col.accessor("createdAt", { header: "Created", sortFn: "datetime", cell: (info) => <DateTime value={info.getValue()} /> }),
]);

export function ServersTable({ initialPage, canWrite }: { initialPage: CursorPage<ServerResponse>; canWrite: boolean }) {
  const router = useRouter();
  const list = useCursorList({ queryKey: queryKeys.servers.list(), fetchPage: cursorPages<ServerResponse>("/servers"), initialPage });
  if (list.isError) {
    return (
      <QueryErrorState error={list.error} onRetry={list.refetch} />
    );
  }
  return (
    <DataTable
      label="Servers"
      columns={columns}
      data={list.rows}
      getRowId={(s) => s.id}
      loading={list.isPending}
      pagination={list.pagination}
      onRowClick={(s) => router.push(`/servers/${s.id}`)}
      empty={
        <EmptyState
          icon={ServerIcon}
          title="No servers registered"
          action={
            canWrite ? (
              <Button asChild>
                <Link href="/servers/new">Register your first server</Link>
              </Button>
            ) : null
          }
        >
          Register an MCP server (or the demo one) to see its tools, their risk, and the proxy URL your agents connect to.
        </EmptyState>
      }
    />
  );
}
