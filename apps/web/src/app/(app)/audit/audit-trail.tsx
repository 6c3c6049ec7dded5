"use client";
// The audit trail with its filters (actor, action, target, time) applied on submit, pages loaded
// on demand, and exports of exactly what the filters select.
import { AuditEventFilters, type AuditEventResponse } from "@gatehouse/shared";
import { Download, ScrollText, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useMemo, useRef, useState } from "react";
import { Badge, humanize } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable, dataTableColumns } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { EmptyState, QueryErrorState } from "@/components/ui/states";
import { ApiError, } from "@/lib/api/api-error";
import { API_BASE } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import { type CursorPage, cursorPages, useCursorList } from "@/lib/api/use-cursor-list";
import { AUDIT_FILTER_NAMES, type AuditFilterValues } from "./audit-filters";
import { FORM_ERROR, type FieldErrors, fieldErrorsFromIssues, fieldErrorsOf } from "@/lib/field-errors";

type Filters = AuditFilterValues;
const TEXT_FILTERS = ["actor", "action", "targetType", "targetId"] as const;

const col = dataTableColumns<AuditEventResponse>();
const columns = col.columns([
  col.accessor("createdAt", { header: "Time", sortFn: "datetime", cell: (info) => <DateTime value={info.getValue()} /> }),
  col.accessor("actorLabel", {
    header: "Actor",
    cell: (info) => (
      <span className="inline-flex flex-wrap items-center gap-1.5">
        <span>{info.getValue() ?? "—"}</span>
        <Badge>{humanize(info.row.original.actorType)}</Badge>
      </span>
    ),
  }),
  col.accessor("action", { header: "Action", meta: { className: "font-mono text-xs whitespace-nowrap" } }),
  col.accessor("targetType", {
    header: "Target",
    meta: { mono: true },
    cell: (info) => `${info.getValue()}${info.row.original.targetId ? ` ${info.row.original.targetId}` : ""}`,
  }),
  col.accessor("summary", {
    header: "Details",
    enableSorting: false,
    meta: { mono: true, className: "max-w-xs" },
    cell: (info) => {
      const summary = info.getValue();
      if (!summary || Object.keys(summary).length === 0) return "—";
      return Object.entries(summary)
        .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
        .join(" · ");
    },
  }),
  col.accessor("requestId", { header: "Request", enableSorting: false, meta: { mono: true }, cell: (info) => info.getValue() ?? "—" }),
]);

// Times are entered in UTC, as the table shows them: the same on the server and in every browser.
/** `datetime-local` text, read as UTC → ISO, as the API takes it. */
function toIso(local: FormDataEntryValue | null): string | undefined {
  if (typeof local !== "string" || local === "") return undefined;
  const date = new Date(`${local}Z`);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
}

/** ISO → the `datetime-local` text of the same UTC time. */
function toLocalInput(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 16);
}

export function AuditTrail({ initialPage, initialFilters }: { initialPage?: CursorPage<AuditEventResponse>; initialFilters: Filters }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [filters, setFilters] = useState<Filters>(initialFilters);
  const [errors, setErrors] = useState<FieldErrors>({});
  const filtered = Object.keys(filters).length > 0;
  const list = useCursorList({
    queryKey: queryKeys.auditEvents.list(filters),
    fetchPage: cursorPages<AuditEventResponse>("/audit-events", filters),
    ...(initialPage && filters === initialFilters ? { initialPage } : {}),
  });

  function show(next: Filters) {
    setFilters(next);
    const query = new URLSearchParams(next).toString();
    router.replace(query ? `/audit?${query}` : "/audit", { scroll: false });
  }
  const exportHref = useMemo(() => (format: "csv" | "ndjson") => `${API_BASE}/audit-events/export?${new URLSearchParams({ format, ...filters })}`, [filters]);

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: Filters = {};
    for (const name of TEXT_FILTERS) {
      const value = String(form.get(name) ?? "").trim();
      if (value) next[name] = value;
    }
    const from = toIso(form.get("from"));
    const to = toIso(form.get("to"));
    if (from) next.from = from;
    if (to) next.to = to;
    const parsed = AuditEventFilters.safeParse(next);
    if (!parsed.success) return setErrors(fieldErrorsFromIssues(parsed.error.issues));
    if (from && to && new Date(from) >= new Date(to)) return setErrors({ to: ["Choose an end after the start."] });
    setErrors({});
    show(next);
  }

  function clear() {
    for (const name of AUDIT_FILTER_NAMES) {
      const field = formRef.current?.elements.namedItem(name);
      if (field instanceof HTMLInputElement) field.value = "";
    }
    setErrors({});
    show({});
  }

  // A filter the API refused (400) belongs at its field; anything else is a failed load.
  const apiErrors = list.error instanceof ApiError && list.error.code === "validation_failed" ? fieldErrorsOf(list.error) : null;
  const shown = { ...apiErrors, ...errors };

  return (
    <div className="flex flex-col gap-4">
      <form ref={formRef} onSubmit={apply} noValidate aria-label="Filter the audit trail" className="flex flex-col gap-3 rounded-xl border border-border bg-card p-4">
        <FormError message={shown[FORM_ERROR]} />
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          <FormField label="Actor" error={shown.actor} description="An email, a key's name, or an id.">
            <Input name="actor" autoComplete="off" placeholder="alice@example.com" defaultValue={initialFilters.actor} />
          </FormField>
          <FormField label="Action" error={shown.action} description="One action, or a family: api_key, member, invitation.">
            <Input name="action" autoComplete="off" placeholder="member.update_role" defaultValue={initialFilters.action} />
          </FormField>
          <FormField label="Target type" error={shown.targetType}>
            <Input name="targetType" autoComplete="off" placeholder="api_key" defaultValue={initialFilters.targetType} />
          </FormField>
          <FormField label="Target id" error={shown.targetId}>
            <Input name="targetId" autoComplete="off" placeholder="key_…" defaultValue={initialFilters.targetId} />
          </FormField>
          <FormField label="From (UTC)" error={shown.from}>
            <Input name="from" type="datetime-local" defaultValue={toLocalInput(initialFilters.from)} />
          </FormField>
          <FormField label="To (UTC)" error={shown.to}>
            <Input name="to" type="datetime-local" defaultValue={toLocalInput(initialFilters.to)} />
          </FormField>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit">Apply filters</Button>
          {filtered && (
            <Button variant="ghost" onClick={clear}>
              <X aria-hidden />
              Clear
            </Button>
          )}
          <span className="ml-auto flex flex-wrap gap-2">
            <Button variant="secondary" size="sm" asChild>
              <a href={exportHref("csv")} download>
                <Download aria-hidden />
                Export CSV
              </a>
            </Button>
            <Button variant="secondary" size="sm" asChild>
              <a href={exportHref("ndjson")} download>
                <Download aria-hidden />
                Export NDJSON
              </a>
            </Button>
          </span>
        </div>
      </form>
      {list.isError && !apiErrors ? (
        <QueryErrorState error={list.error} onRetry={list.refetch} />
      ) : (
        <DataTable
          label="Audit trail"
          columns={columns}
          data={list.rows}
          getRowId={(event) => event.id}
          loading={list.isPending}
          pagination={list.pagination}
          empty={
            <EmptyState icon={ScrollText} title={filtered ? "No events match these filters" : "No audit events yet"}>
              {filtered ? "Widen the time window or clear a filter." : "Changes to servers, identities, tokens, grants, policies, members and API keys are recorded here."}
            </EmptyState>
          }
        />
      )}
    </div>
  );
}
