"use client";
// The organization's grants: filters by identity and server (through the API), a cursor-paged
// table, and add / change / remove for the roles that may.
import type { GrantTargets } from "@gatehouse/services";
import type { GrantResponse } from "@gatehouse/shared";
import { useQueryClient } from "@tanstack/react-query";
import { KeyRound, Pencil, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { DataTable, dataTableColumns, actionsColumn } from "@/components/ui/data-table";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { EmptyState, QueryErrorState } from "@/components/ui/states";
import { apiFetch } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import { type CursorPage, cursorPages, useCursorList } from "@/lib/api/use-cursor-list";
import { GrantDialog } from "./grant-dialog";
import { grantDetailColumns } from "./grant-columns";

const ANY = "any";

function FilterSelect({ id, label, value, onChange, options }: { id: string; label: string; value: string; onChange: (value: string) => void; options: { id: string; name: string }[] }) {
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-sm text-muted-foreground">
        {label}
      </label>
      <Select value={value} onValueChange={onChange}>
        <SelectTrigger id={id} className="w-44">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={ANY}>All</SelectItem>
          {options.map((option) => (
            <SelectItem key={option.id} value={option.id}>
              {option.name}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}

export function GrantsTable({ initialPage, targets, canEdit }: { initialPage: CursorPage<GrantResponse>; targets: GrantTargets; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const [identityId, setIdentityId] = useState(ANY);
  const [serverId, setServerId] = useState(ANY);
  const filters = { identityId: identityId === ANY ? undefined : identityId, serverId: serverId === ANY ? undefined : serverId };
  const unfiltered = identityId === ANY && serverId === ANY;
  const list = useCursorList({
    queryKey: queryKeys.grants.list(filters),
    fetchPage: cursorPages<GrantResponse>("/grants", filters),
    ...(unfiltered ? { initialPage } : {}),
  });
  const taken = new Set(list.rows.map((grant) => `${grant.identity.id}:${grant.server.id}`));

  const columns = useMemo(() => {
    const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.grants.all }), queryClient.invalidateQueries({ queryKey: queryKeys.identities.all })]);
    async function remove(grant: GrantResponse) {
      await apiFetch(`/grants/${grant.id}`, { method: "DELETE" });
      toast.success(`Removed the grant of ${grant.identity.name} on ${grant.server.name}`);
      await refresh();
    }
    const col = dataTableColumns<GrantResponse>();
    return col.columns([
      col.accessor((grant) => grant.identity.name, {
        id: "identity",
        header: "Identity",
        sortFn: "alphanumeric",
        cell: (info) => (
          <Link href={`/identities/${info.row.original.identity.id}`} className="font-medium text-primary hover:underline">
            {info.getValue()}
          </Link>
        ),
      }),
      col.accessor((grant) => grant.server.name, { id: "server", header: "Server", sortFn: "alphanumeric" }),
      ...grantDetailColumns(col),
      ...(canEdit
        ? [
            col.display({
              ...actionsColumn,
              cell: (info) => {
                const grant = info.row.original;
                const name = `${grant.identity.name} on ${grant.server.name}`;
                return (
                  <span className="flex justify-end gap-1">
                    <GrantDialog
                      targets={targets}
                      grant={grant}
                      onSaved={refresh}
                      trigger={
                        <Button variant="ghost" size="icon" aria-label={`Change the grant of ${name}`} title="Change">
                          <Pencil aria-hidden />
                        </Button>
                      }
                    />
                    <ConfirmDialog
                      trigger={
                        <Button variant="ghost" size="icon" className="text-red-700" aria-label={`Remove the grant of ${name}`} title="Remove">
                          <Trash2 aria-hidden />
                        </Button>
                      }
                      title={`Remove the grant of ${name}?`}
                      description={`The proxy answers ${grant.identity.name}'s next call to ${grant.server.name} with 403.`}
                      confirmLabel="Remove grant"
                      onConfirm={() => remove(grant)}
                    />
                  </span>
                );
              },
            }),
          ]
        : []),
    ]);
  }, [canEdit, queryClient, targets]);

  const onAdded = () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.grants.all }), queryClient.invalidateQueries({ queryKey: queryKeys.identities.all })]);
  const addButton = canEdit ? (
    <GrantDialog
      targets={targets}
      taken={taken}
      fixed={{ ...(filters.identityId ? { identityId: filters.identityId } : {}), ...(filters.serverId ? { serverId: filters.serverId } : {}) }}
      onSaved={onAdded}
      trigger={
        <Button>
          <Plus aria-hidden />
          Add grant
        </Button>
      }
    />
  ) : null;

  if (list.isError) {
    return (
      <QueryErrorState title="Could not load grants" error={list.error} onRetry={list.refetch} />
    );
  }

  // Filters sit outside the table: an empty result replaces the table, and they must stay.
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <FilterSelect id="grant-identity-filter" label="Identity" value={identityId} onChange={setIdentityId} options={targets.identities} />
          <FilterSelect id="grant-server-filter" label="Server" value={serverId} onChange={setServerId} options={targets.servers} />
        </div>
        {addButton}
      </div>
      <DataTable
        label="Grants"
        columns={columns}
        data={list.rows}
        getRowId={(row) => row.id}
        loading={list.isPending}
        pagination={list.pagination}
        empty={
          <EmptyState icon={KeyRound} title={unfiltered ? "No grants yet" : "No grants match these filters"}>
            {unfiltered ? "Until an identity holds a grant on a server, the proxy answers its calls to that server with 403." : "Choose All in a filter to see more."}
          </EmptyState>
        }
      />
    </div>
  );
}
