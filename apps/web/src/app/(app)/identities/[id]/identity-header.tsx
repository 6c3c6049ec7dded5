"use client";
// The identity's name, kind, labels and description, with edit, disable/enable and delete for admins.
import { type IdentityDetailResponse, UpdateIdentityInput } from "@gatehouse/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Ban, CircleCheck, Pencil, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-field";
import { apiFetch } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import { FORM_ERROR, type FieldErrors, fieldErrorsFromIssues, fieldErrorsOf } from "@/lib/field-errors";
import { IdentityFormFields } from "../identity-form-fields";
import { type IdentityKind, KIND_LABELS } from "../identity-kinds";
import { foldLabelErrors, formatLabels, parseLabels } from "../labels-field";

export function IdentityHeader({ identity, canEdit }: { identity: IdentityDetailResponse; canEdit: boolean }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const update = (body: UpdateIdentityInput) => apiFetch<IdentityDetailResponse>(`/identities/${identity.id}`, { method: "PATCH", body });
  const refresh = (next: IdentityDetailResponse) => {
    queryClient.setQueryData(queryKeys.identities.detail(identity.id), next);
    return queryClient.invalidateQueries({ queryKey: queryKeys.identities.lists() });
  };

  async function toggleDisabled() {
    const next = await update({ disabled: !identity.disabledAt });
    toast.success(next.disabledAt ? `${next.name} is disabled: the proxy refuses its tokens` : `${next.name} is enabled again`);
    await refresh(next);
  }

  async function remove() {
    await apiFetch(`/identities/${identity.id}`, { method: "DELETE" });
    toast.success(`Deleted ${identity.name}`);
    await queryClient.invalidateQueries({ queryKey: queryKeys.identities.all });
    router.push("/identities");
  }

  const labels = Object.entries(identity.labels);
  return (
    <header className="flex flex-col gap-3">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-xl font-semibold tracking-tight break-all">{identity.name}</h1>
            <Badge tone="info">{KIND_LABELS[identity.kind]}</Badge>
            {identity.disabledAt ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Enabled</Badge>}
          </div>
          {identity.description && <p className="mt-1 max-w-2xl text-sm text-muted-foreground">{identity.description}</p>}
        </div>
        {canEdit && (
          <div className="flex flex-wrap items-center gap-2">
            <EditIdentityDialog identity={identity} onSaved={refresh} />
            <ConfirmDialog
              trigger={
                <Button variant="secondary">
                  {identity.disabledAt ? <CircleCheck aria-hidden /> : <Ban aria-hidden />}
                  {identity.disabledAt ? "Enable" : "Disable"}
                </Button>
              }
              title={identity.disabledAt ? `Enable ${identity.name}?` : `Disable ${identity.name}?`}
              description={identity.disabledAt ? "Its live tokens work again from the next call." : "The proxy refuses every one of its tokens from the next call. Tokens and grants are kept."}
              confirmLabel={identity.disabledAt ? "Enable" : "Disable"}
              destructive={!identity.disabledAt}
              onConfirm={toggleDisabled}
            />
            <ConfirmDialog
              trigger={
                <Button variant="destructive">
                  <Trash2 aria-hidden />
                  Delete
                </Button>
              }
              title={`Delete ${identity.name}?`}
              description="Its tokens and grants are deleted with it; the proxy refuses its tokens from the next call. This cannot be undone."
              confirmLabel="Delete identity"
              onConfirm={remove}
            />
          </div>
        )}
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-muted-foreground">Last activity</dt>
          <dd>{identity.lastUsedAt ? <DateTime value={identity.lastUsedAt} /> : "Never"}</dd>
        </div>
        <div>
          <dt className="text-muted-foreground">Created</dt>
          <dd>
            <DateTime value={identity.createdAt} />
          </dd>
        </div>
        <div>
          <dt className="text-muted-foreground">Id</dt>
          <dd className="font-mono text-xs break-all">{identity.id}</dd>
        </div>
        <div>
          <dt className="text-muted-foreground">Labels</dt>
          <dd className="flex flex-wrap gap-1">
            {labels.length === 0
              ? "None"
              : labels.map(([key, value]) => (
                  <Badge key={key} className="font-mono">
                    {key}={value}
                  </Badge>
                ))}
          </dd>
        </div>
      </dl>
    </header>
  );
}

function EditIdentityDialog({ identity, onSaved }: { identity: IdentityDetailResponse; onSaved: (next: IdentityDetailResponse) => Promise<unknown> }) {
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [kind, setKind] = useState<IdentityKind>(identity.kind);
  const save = useMutation({
    mutationFn: (body: UpdateIdentityInput) => apiFetch<IdentityDetailResponse>(`/identities/${identity.id}`, { method: "PATCH", body }),
    onSuccess: async (next) => {
      toast.success(`Saved ${next.name}`);
      setOpen(false);
      await onSaved(next);
    },
    onError: (error) => setErrors(foldLabelErrors(fieldErrorsOf(error))),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const labels = parseLabels(String(form.get("labels") ?? ""));
    if ("error" in labels && typeof labels.error === "string") return setErrors({ labels: [labels.error] });
    const description = String(form.get("description") ?? "").trim();
    const parsed = UpdateIdentityInput.safeParse({ name: form.get("name"), kind, labels, description: description || null });
    if (!parsed.success) return setErrors(foldLabelErrors(fieldErrorsFromIssues(parsed.error.issues)));
    setErrors({});
    save.mutate(parsed.data);
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) setKind(identity.kind);
        else setErrors({});
      }}
    >
      <DialogTrigger asChild>
        <Button variant="secondary">
          <Pencil aria-hidden />
          Edit
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Edit {identity.name}</DialogTitle>
          <DialogDescription>Changes apply to the proxy from the next call (policies may match on kind and labels).</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} noValidate aria-label="Edit identity" className="flex flex-col gap-4">
          <FormError message={errors[FORM_ERROR]} />
          <IdentityFormFields
            errors={errors}
            kind={kind}
            onKindChange={setKind}
            defaults={{ name: identity.name, description: identity.description ?? "", labels: formatLabels(identity.labels) }}
          />
          <DialogFooter>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
