"use client";
// The identity's tokens: prefix, status, dates and last use, with mint, rotate and revoke for
// the roles that may (admins). Secrets are never listed; they appear once, in the dialogs.
import type { IdentityDetailResponse, TokenResponse, TokenStatus } from "@gatehouse/shared";
import { useQueryClient } from "@tanstack/react-query";
import { KeyRound, RefreshCw, ShieldOff } from "lucide-react";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable, dataTableColumns, actionsColumn } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState, QueryErrorState } from "@/components/ui/states";
import { apiFetch } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import { type CursorPage, cursorPages, useCursorList } from "@/lib/api/use-cursor-list";
import { MintTokenDialog, RotateTokenDialog } from "./token-dialogs";

const STATUS: Record<TokenStatus, { tone: BadgeTone; label: string }> = {
  active: { tone: "success", label: "Active" },
  grace: { tone: "warning", label: "In grace" },
  expired: { tone: "neutral", label: "Expired" },
  revoked: { tone: "danger", label: "Revoked" },
};

type Props = { identity: IdentityDetailResponse; initialTokens: CursorPage<TokenResponse>; canEdit: boolean; proxyOrigin: string; firstServerId: string | null };

export function TokensSection({ identity, initialTokens, canEdit, proxyOrigin, firstServerId }: Props) {
  const queryClient = useQueryClient();
  const listKey = useMemo(() => queryKeys.tokens.list({ identityId: identity.id }), [identity.id]);
  const list = useCursorList({ queryKey: listKey, fetchPage: cursorPages<TokenResponse>(`/identities/${identity.id}/tokens`), initialPage: initialTokens });
  const proxyUrl = `${proxyOrigin}/mcp/${firstServerId ?? "<server-id>"}`;
  const [rotating, setRotating] = useState<TokenResponse | null>(null);

  const columns = useMemo(() => {
    const refresh = () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: listKey }), queryClient.invalidateQueries({ queryKey: queryKeys.identities.all })]);
    async function revoke(token: TokenResponse) {
      await apiFetch(`/tokens/${token.id}`, { method: "DELETE" });
      toast.success(`Revoked ${token.prefix}…`);
      await refresh();
    }
    const col = dataTableColumns<TokenResponse>();
    return col.columns([
      col.accessor("name", { header: "Name", sortFn: "alphanumeric", cell: (info) => info.getValue() ?? <span className="text-muted-foreground">Unnamed</span> }),
      col.accessor("prefix", { header: "Token", enableSorting: false, cell: (info) => <code className="font-mono text-xs whitespace-nowrap">{info.getValue()}…</code> }),
      col.accessor("status", {
        header: "Status",
        sortFn: "text",
        cell: (info) => {
          const token = info.row.original;
          return (
            <span className="flex flex-col items-start gap-0.5">
              <Badge tone={STATUS[token.status].tone}>{STATUS[token.status].label}</Badge>
              {token.status === "grace" && token.graceUntil && (
                <span className="text-xs text-muted-foreground">
                  until <DateTime value={token.graceUntil} />
                </span>
              )}
            </span>
          );
        },
      }),
      col.accessor("createdAt", { header: "Created", sortFn: "datetime", cell: (info) => <DateTime value={info.getValue()} /> }),
      col.accessor("expiresAt", { header: "Expires", sortFn: "datetime", cell: (info) => (info.getValue() ? <DateTime value={info.getValue()} /> : <span className="text-muted-foreground">Never</span>) }),
      col.accessor("lastUsedAt", { header: "Last used", sortFn: "datetime", cell: (info) => (info.getValue() ? <DateTime value={info.getValue()} /> : <span className="text-muted-foreground">Never</span>) }),
      ...(canEdit
        ? [
            col.display({
              ...actionsColumn,
              cell: (info) => {
                const token = info.row.original;
                if (token.status !== "active" && token.status !== "grace") return null;
                return (
                  <span className="flex justify-end gap-1">
                    {token.status === "active" && (
                      <Button variant="ghost" size="icon" aria-label={`Rotate ${token.prefix}…`} title="Rotate" onClick={() => setRotating(token)}>
                        <RefreshCw aria-hidden />
                      </Button>
                    )}
                    <ConfirmDialog
                      trigger={
                        <Button variant="ghost" size="icon" className="text-red-700" aria-label={`Revoke ${token.prefix}…`} title="Revoke">
                          <ShieldOff aria-hidden />
                        </Button>
                      }
                      title={`Revoke ${token.prefix}…?`}
                      description="The proxy refuses this token from its next call. This cannot be undone; mint a new token to restore access."
                      confirmLabel="Revoke token"
                      onConfirm={() => revoke(token)}
                    />
                  </span>
                );
              },
            }),
          ]
        : []),
    ]);
  }, [canEdit, queryClient, listKey]);

  const onMinted = () => Promise.all([queryClient.invalidateQueries({ queryKey: listKey }), queryClient.invalidateQueries({ queryKey: queryKeys.identities.all })]);

  return (
    <section aria-labelledby="tokens-heading" className="grid grid-cols-[minmax(0,1fr)] gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="tokens-heading" className="text-base font-semibold">
            Tokens
          </h2>
          <p className="text-sm text-muted-foreground">What this identity presents to the proxy. Rotate with a grace period to redeploy without a gap.</p>
        </div>
        {canEdit && <RotateTokenDialog token={rotating} proxyUrl={proxyUrl} onRotated={onMinted} onClose={() => setRotating(null)} />}
        {canEdit && <MintTokenDialog identityId={identity.id} identityName={identity.name} proxyUrl={proxyUrl} onMinted={onMinted} />}
      </div>
      {list.isError ? (
        <QueryErrorState title="Could not load tokens" error={list.error} onRetry={list.refetch} />
      ) : (
        <DataTable
          label="Tokens"
          columns={columns}
          data={list.rows}
          getRowId={(row) => row.id}
          loading={list.isPending}
          pagination={list.pagination}
          empty={
            <EmptyState icon={KeyRound} title="No tokens yet">
              {canEdit ? "Mint a token and give it to the agent: it is shown once." : "An admin mints tokens for this identity."}
            </EmptyState>
          }
        />
      )}
    </section>
  );
}
