"use client";
// The decision log view: filter bar (bound to the URL), charts, live tail, export and the table
// with its detail drawer. `fixed` pins a server's or identity's slice, so their pages can show
// their own part of the same view.
import { type DecisionLogResponse, type DecisionLogStatsResponse, DecisionOutcome } from "@gatehouse/shared";
import { useQuery } from "@tanstack/react-query";
import { Download, Radio } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Label } from "@/components/ui/label";
import { ErrorState } from "@/components/ui/states";
import { Switch } from "@/components/ui/switch";
import { ApiError, errorMessage } from "@/lib/api/api-error";
import { API_BASE, apiFetch } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import { cursorPages, useCursorList } from "@/lib/api/use-cursor-list";
import { DecisionCharts } from "./decision-charts";
import { DecisionDetail } from "./decision-detail";
import { DecisionLogTable, type NameLookup } from "./decision-log-table";
import { FilterBar, type Option } from "./filter-bar";
import { type LogFilters, apiQuery, bucketFor, filtersFromParams, paramsFromFilters } from "./filters";
import { useLiveTail } from "./use-live-tail";

type Props = {
  servers: Option[];
  identities: Option[];
  fixed?: Partial<Pick<LogFilters, "serverId" | "identityId">>;
};

export function DecisionLogsView({ servers, identities, fixed = {} }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters: LogFilters = { ...filtersFromParams(new URLSearchParams(params.toString()), DecisionOutcome.options), ...fixed };
  // The range's start is fixed when the filters change (and on refresh), not on every render.
  const [now, setNow] = useState(() => Date.now());
  const filterKey = JSON.stringify(filters);
  // biome-ignore lint/correctness/useExhaustiveDependencies: recomputed when the filters (by value) or the clock change
  const query = useMemo(() => apiQuery(filters, now), [filterKey, now]);
  const [live, setLive] = useState(false);
  const [selected, setSelected] = useState<DecisionLogResponse | null>(null);

  const setFilters = (next: LogFilters) => {
    const search = paramsFromFilters(next);
    for (const key of Object.keys(fixed)) search.delete(key);
    setNow(Date.now());
    router.replace(`${pathname}${search.size > 0 ? `?${search}` : ""}`, { scroll: false });
  };

  const list = useCursorList<DecisionLogResponse>({ queryKey: queryKeys.decisionLogs.list(query), fetchPage: cursorPages("/decision-logs", query) });
  const bucket = bucketFor(filters.range);
  const stats = useQuery({
    queryKey: queryKeys.decisionStats.list({ ...query, bucket }),
    queryFn: ({ signal }) => apiFetch<DecisionLogStatsResponse>("/decision-logs/stats", { query: { ...query, bucket }, signal }),
  });
  const { from: _from, ...tailFilters } = query;
  const tail = useLiveTail(live, tailFilters);

  const names = useMemo<NameLookup>(() => {
    const s = new Map(servers.map((o) => [o.id, o.name]));
    const i = new Map(identities.map((o) => [o.id, o.name]));
    return { server: (id) => (id ? (s.get(id) ?? null) : null), identity: (id) => (id ? (i.get(id) ?? null) : null) };
  }, [servers, identities]);

  const liveIds = useMemo(() => new Set(tail.rows.map((r) => r.id)), [tail.rows]);
  const rows = useMemo(() => {
    if (tail.rows.length === 0) return list.rows;
    const paged = list.rows.filter((r) => !liveIds.has(r.id));
    return [...tail.rows, ...paged];
  }, [tail.rows, list.rows, liveIds]);

  const exportHref = (format: "csv" | "ndjson") => {
    const search = new URLSearchParams({ format });
    for (const [key, value] of Object.entries(query)) if (value) search.set(key, value);
    return `${API_BASE}/decision-logs/export?${search}`;
  };
  const filtered = Boolean(filters.outcome || filters.tool || filters.rule || filters.requestId || filters.serverId || filters.identityId);

  return (
    <div className="flex flex-col gap-4">
      <FilterBar filters={filters} onChange={setFilters} servers={servers} identities={identities} fixed={fixed} />
      {stats.isError ? (
        <ErrorState title="Could not load the charts" message={errorMessage(stats.error)} requestId={stats.error instanceof ApiError ? stats.error.requestId : null} action={<Button variant="secondary" onClick={() => stats.refetch()}>Try again</Button>} />
      ) : (
        <DecisionCharts stats={stats.data} loading={stats.isPending} />
      )}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-2">
          <Switch id="live-tail" checked={live} onCheckedChange={setLive} />
          <Label htmlFor="live-tail" className="flex items-center gap-1.5">
            <Radio aria-hidden className="size-4" /> Live tail
          </Label>
          <span role="status" aria-live="polite" className="text-xs text-muted-foreground" data-testid="tail-status">
            {tail.status === "live" && `Live — ${tail.rows.length} new`}
            {tail.status === "connecting" && "Connecting…"}
            {tail.status === "reconnecting" && "Connection lost, reconnecting…"}
          </span>
        </div>
        <div className="flex items-center gap-2">
          <Button
            variant="ghost"
            size="sm"
            onClick={() => {
              setNow(Date.now());
            }}
          >
            Refresh
          </Button>
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button variant="secondary" size="sm">
                <Download aria-hidden className="size-4" /> Export
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="end">
              <DropdownMenuItem asChild>
                <a href={exportHref("csv")} download>
                  CSV (spreadsheets)
                </a>
              </DropdownMenuItem>
              <DropdownMenuItem asChild>
                <a href={exportHref("ndjson")} download>
                  NDJSON (one JSON per line)
                </a>
              </DropdownMenuItem>
            </DropdownMenuContent>
          </DropdownMenu>
        </div>
      </div>
      {list.isError ? (
        <ErrorState message={errorMessage(list.error)} requestId={list.error instanceof ApiError ? list.error.requestId : null} action={<Button variant="secondary" onClick={() => list.refetch()}>Try again</Button>} />
      ) : (
        <DecisionLogTable rows={rows} liveIds={liveIds} names={names} loading={list.isPending} pagination={list.pagination} onOpen={setSelected} filtered={filtered} />
      )}
      <DecisionDetail row={selected} names={names} onClose={() => setSelected(null)} />
    </div>
  );
}
