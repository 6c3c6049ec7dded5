"use client";
// Org API keys: create one with a role and an optional expiry (its secret is shown once, with a
// copy button), see when each was last used, revoke.
import { type ApiKeyResponse, CreateApiKeyInput, type CreatedApiKeyResponse, ROLE_LABELS, type Role } from "@gatehouse/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Plus } from "lucide-react";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable, dataTableColumns, actionsColumn } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SecretReveal } from "@/components/ui/secret-reveal";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { EmptyState, QueryErrorState } from "@/components/ui/states";
import { apiFetch } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import { type CursorPage, cursorPages, useCursorList } from "@/lib/api/use-cursor-list";
import { FORM_ERROR, type FieldErrors, fieldErrorsFromIssues, fieldErrorsOf } from "@/lib/field-errors";
import { ROLE_OPTIONS } from "../roles";

function keyStatus(key: ApiKeyResponse): { label: string; tone: "success" | "neutral" | "danger" } {
  if (key.revokedAt) return { label: "Revoked", tone: "danger" };
  if (key.expiresAt && new Date(key.expiresAt).getTime() <= Date.now()) return { label: "Expired", tone: "neutral" };
  return { label: "Active", tone: "success" };
}

const col = dataTableColumns<ApiKeyResponse>();
const columns = col.columns([
  col.accessor("name", { header: "Name" }),
  col.accessor("prefix", { header: "Key", enableSorting: false, meta: { mono: true }, cell: (info) => `${info.getValue()}…` }),
  col.accessor("role", { header: "Role", cell: (info) => <Badge>{ROLE_LABELS[info.getValue()]}</Badge> }),
  col.display({
    id: "status",
    header: "Status",
    cell: (info) => {
      const status = keyStatus(info.row.original);
      return <Badge tone={status.tone}>{status.label}</Badge>;
    },
  }),
  col.accessor("lastUsedAt", { header: "Last used", sortFn: "datetime", cell: (info) => (info.getValue() ? <DateTime value={info.getValue()} /> : "Never") }),
  col.accessor("expiresAt", { header: "Expires", sortFn: "datetime", cell: (info) => (info.getValue() ? <DateTime value={info.getValue()} /> : "Never") }),
  col.accessor("createdAt", { header: "Created", sortFn: "datetime", cell: (info) => <DateTime value={info.getValue()} /> }),
  col.display({
    ...actionsColumn,
    cell: (info) => (
      <span className="flex items-center justify-end gap-1">
        <Button variant="ghost" size="sm" asChild>
          <Link href={`/audit?targetId=${encodeURIComponent(info.row.original.id)}`} aria-label={`History of ${info.row.original.name}`}>
            History
          </Link>
        </Button>
        {info.row.original.revokedAt ? null : <RevokeKey apiKey={info.row.original} />}
      </span>
    ),
  }),
]);

export function ApiKeysSection({ initialPage }: { initialPage: CursorPage<ApiKeyResponse> }) {
  const [creating, setCreating] = useState(false);
  const list = useCursorList({ queryKey: queryKeys.apiKeys.list(), fetchPage: cursorPages<ApiKeyResponse>("/api-keys"), initialPage });
  const newKeyButton = (
    <Button onClick={() => setCreating(true)}>
      <Plus aria-hidden />
      New API key
    </Button>
  );
  return (
    <section aria-labelledby="api-keys-heading" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="api-keys-heading" className="text-base font-semibold">
            API keys
          </h2>
          <p className="max-w-2xl text-sm text-muted-foreground">
            Scripts and CI call <code className="font-mono text-xs">/api/v1</code> with <code className="font-mono text-xs">Authorization: Bearer gthk_…</code>. A key acts
            with the role you give it.
          </p>
        </div>
        {newKeyButton}
      </div>
      {list.isError ? (
        <QueryErrorState error={list.error} onRetry={list.refetch} />
      ) : (
        <DataTable
          label="API keys"
          columns={columns}
          data={list.rows}
          getRowId={(key) => key.id}
          loading={list.isPending}
          pagination={list.pagination}
          empty={
            <EmptyState icon={KeyRound} title="No API keys yet" action={newKeyButton}>
              Create a key for a script or a CI job; you see its secret once.
            </EmptyState>
          }
        />
      )}
      <CreateKeyDialog open={creating} onOpenChange={setCreating} />
    </section>
  );
}

function CreateKeyDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [role, setRole] = useState<Role>("viewer");
  const [created, setCreated] = useState<CreatedApiKeyResponse | null>(null);
  const create = useMutation({
    mutationFn: (input: CreateApiKeyInput) => apiFetch<CreatedApiKeyResponse>("/api-keys", { method: "POST", body: input }),
    onSuccess: (key) => {
      setErrors({});
      setCreated(key);
      toast.success(`Created API key ${key.name}`);
      return queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys.all });
    },
    onError: (error) => setErrors(fieldErrorsOf(error)),
  });

  function close(next: boolean) {
    onOpenChange(next);
    if (!next) {
      // The secret leaves the page with the dialog: it cannot be shown again.
      setCreated(null);
      setErrors({});
      setRole("viewer");
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const expires = String(form.get("expiresAt") ?? "");
    const parsed = CreateApiKeyInput.safeParse({ name: form.get("name"), role, ...(expires ? { expiresAt: new Date(expires).toISOString() } : {}) });
    if (!parsed.success) return setErrors(fieldErrorsFromIssues(parsed.error.issues));
    create.mutate(parsed.data);
  }

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{created ? "Your new API key" : "New API key"}</DialogTitle>
          <DialogDescription>{created ? `${created.name} · ${ROLE_LABELS[created.role]}` : "Name it after what will use it, and give it the smallest role that works."}</DialogDescription>
        </DialogHeader>
        {created ? (
          <>
            <SecretReveal label="API key" value={created.key} defaultVisible>
              Use it as <code className="font-mono text-xs">Authorization: Bearer {created.prefix}…</code>
            </SecretReveal>
            <DialogFooter>
              <Button onClick={() => close(false)}>Done</Button>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={submit} noValidate aria-label="Create API key" className="flex flex-col gap-4">
            <FormError message={errors[FORM_ERROR]} />
            <FormField label="Name" required error={errors.name}>
              <Input name="name" autoComplete="off" placeholder="deploy pipeline" maxLength={100} />
            </FormField>
            <FormField label="Role" required error={errors.role} description={ROLE_OPTIONS.find((option) => option.value === role)?.description}>
              {(control) => (
                <Select value={role} onValueChange={(value) => setRole(value as Role)}>
                  <SelectTrigger {...control}>
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {ROLE_OPTIONS.map((option) => (
                      <SelectItem key={option.value} value={option.value}>
                        {option.label}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            </FormField>
            <FormField label="Expires" error={errors.expiresAt} description="Optional. Leave empty for a key that works until revoked.">
              <Input name="expiresAt" type="datetime-local" />
            </FormField>
            <DialogFooter>
              <Button variant="secondary" onClick={() => close(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create key
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

function RevokeKey({ apiKey }: { apiKey: ApiKeyResponse }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => apiFetch<void>(`/api-keys/${apiKey.id}`, { method: "DELETE" }),
    onSuccess: () => {
      toast.success(`Revoked ${apiKey.name}`);
      return queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys.all });
    },
  });
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="sm" aria-label={`Revoke ${apiKey.name}`}>
          Revoke
        </Button>
      }
      title={`Revoke ${apiKey.name}?`}
      description="Requests with this key are refused from now on. This cannot be undone."
      confirmLabel="Revoke key"
      onConfirm={() => revoke.mutateAsync()}
    />
  );
}
