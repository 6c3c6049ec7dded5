"use client";
// The identity's grants across servers: server, policy (or none: deny all), status, expiry, with
// add, change and remove for admins and policy managers.
import type { GrantTargets } from "@gatehouse/services";
import type { GrantResponse, IdentityDetailResponse } from "@gatehouse/shared";
import { useQueryClient } from "@tanstack/react-query";
import { Link2, Pencil, Plus, Trash2 } from "lucide-react";
import { useMemo } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { DataTable, dataTableColumns, actionsColumn } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/states";
import { apiFetch } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import { GrantDialog } from "../../grants/grant-dialog";
import { grantDetailColumns } from "../../grants/grant-columns";

export function GrantsSection({ identity, targets, canEdit }: { identity: IdentityDetailResponse; targets: GrantTargets; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const taken = new Set(identity.grants.map((grant) => `${identity.id}:${grant.server.id}`));

  const columns = useMemo(() => {
    const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.identities.all }), queryClient.invalidateQueries({ queryKey: queryKeys.grants.all })]);
    async function remove(grant: GrantResponse) {
      await apiFetch(`/grants/${grant.id}`, { method: "DELETE" });
      toast.success(`Removed the grant on ${grant.server.name}`);
      await refresh();
    }
    const col = dataTableColumns<GrantResponse>();
    return col.columns([
      col.accessor((grant) => grant.server.name, { id: "server", header: "Server", sortFn: "alphanumeric", cell: (info) => <span className="font-medium">{info.getValue()}</span> }),
      ...grantDetailColumns(col),
      ...(canEdit
        ? [
            col.display({
              ...actionsColumn,
              cell: (info) => {
                const grant = info.row.original;
                return (
                  <span className="flex justify-end gap-1">
                    <GrantDialog
                      targets={targets}
                      grant={grant}
                      onSaved={refresh}
                      trigger={
                        <Button variant="ghost" size="sm" aria-label={`Change the grant on ${grant.server.name}`}>
                          <Pencil aria-hidden />
                          Change
                        </Button>
                      }
                    />
                    <ConfirmDialog
                      trigger={
                        <Button variant="ghost" size="sm" className="text-red-700" aria-label={`Remove the grant on ${grant.server.name}`}>
                          <Trash2 aria-hidden />
                          Remove
                        </Button>
                      }
                      title={`Remove the grant on ${grant.server.name}?`}
                      description={`${identity.name} can no longer reach ${grant.server.name}: the proxy answers its next call with 403.`}
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
  }, [canEdit, identity.name, queryClient, targets]);

  const refreshAll = () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.identities.all }), queryClient.invalidateQueries({ queryKey: queryKeys.grants.all })]);
  const addButton = canEdit ? (
    <GrantDialog
      fixed={{ identityId: identity.id }}
      targets={targets}
      taken={taken}
      onSaved={refreshAll}
      trigger={
        <Button variant="secondary">
          <Plus aria-hidden />
          Add grant
        </Button>
      }
    />
  ) : null;

  return (
    <section aria-labelledby="grants-heading" className="grid grid-cols-[minmax(0,1fr)] gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="grants-heading" className="text-base font-semibold">
            Grants
          </h2>
          <p className="text-sm text-muted-foreground">The servers this identity may use, each under a policy.</p>
        </div>
        {addButton}
      </div>
      <DataTable
        label="Grants"
        columns={columns}
        data={identity.grants}
        getRowId={(row) => row.id}
        empty={
          <EmptyState icon={Link2} title="No grants yet">
            Until it holds a grant on a server, the proxy answers this identity&apos;s calls to that server with 403.
          </EmptyState>
        }
      />
    </section>
  );
}
