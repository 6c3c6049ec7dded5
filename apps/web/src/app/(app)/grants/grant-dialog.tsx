"use client";
// Add or change a grant: which identity and server (when adding; either can be fixed by the page
// it is opened from), under which policy (or none: every call denied), until when, enabled or
// not. The policy list shows only the chosen server's policies. Used by the identity page and the
// grants page; a server's page can open it with `fixed={{ serverId }}`.
import type { GrantTargets } from "@gatehouse/services";
import { CreateGrantInput, type GrantResponse, UpdateGrantBody } from "@gatehouse/shared";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { apiFetch } from "@/lib/api/api-fetch";
import { FORM_ERROR, type FieldErrors, fieldErrorsFromIssues, fieldErrorsOf } from "@/lib/field-errors";

const NO_POLICY = "none";

/** `2026-01-02T03:04:00.000Z` → the `datetime-local` value in the browser's time zone. */
function localInputValue(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

type Props = {
  /** What the page already decided: the identity (identity page) or the server (server page). */
  fixed?: { identityId?: string; serverId?: string };
  targets: GrantTargets;
  /** identity × server pairs that already hold a grant (`${identityId}:${serverId}`), not offered again. */
  taken?: ReadonlySet<string>;
  /** Editing this grant; adding a new one when absent. */
  grant?: GrantResponse;
  trigger: ReactNode;
  onSaved: (grant: GrantResponse) => Promise<unknown>;
};

export function GrantDialog({ fixed = {}, targets, taken = new Set(), grant, trigger, onSaved }: Props) {
  const editing = grant !== undefined;
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [identityId, setIdentityId] = useState(grant?.identity.id ?? fixed.identityId ?? "");
  const [serverId, setServerId] = useState(grant?.server.id ?? fixed.serverId ?? "");
  const [policyId, setPolicyId] = useState(grant?.policy?.id ?? NO_POLICY);
  const [enabled, setEnabled] = useState(grant?.enabled ?? true);
  const servers = targets.servers.filter((server) => editing || !identityId || !taken.has(`${identityId}:${server.id}`));
  const identities = targets.identities.filter((identity) => editing || !serverId || !taken.has(`${identity.id}:${serverId}`));
  const policies = targets.policies.filter((policy) => policy.serverId === serverId);

  const save = useMutation({
    mutationFn: (body: CreateGrantInput | UpdateGrantBody) =>
      editing ? apiFetch<GrantResponse>(`/grants/${grant.id}`, { method: "PATCH", body }) : apiFetch<GrantResponse>("/grants", { method: "POST", body }),
    onSuccess: async (saved) => {
      toast.success(editing ? `Updated the grant on ${saved.server.name}` : `Granted ${saved.identity.name} access to ${saved.server.name}`);
      setOpen(false);
      await onSaved(saved);
    },
    onError: (error) => setErrors(fieldErrorsOf(error)),
  });

  function reset() {
    setErrors({});
    setIdentityId(grant?.identity.id ?? fixed.identityId ?? "");
    setServerId(grant?.server.id ?? fixed.serverId ?? "");
    setPolicyId(grant?.policy?.id ?? NO_POLICY);
    setEnabled(grant?.enabled ?? true);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const expires = String(new FormData(event.currentTarget).get("expiresAt") ?? "");
    const expiresAt = expires ? new Date(expires) : null;
    const policy = policyId === NO_POLICY ? null : policyId;
    const parsed = editing
      ? UpdateGrantBody.safeParse({ policyId: policy, enabled, expiresAt })
      : CreateGrantInput.safeParse({ identityId: identityId || undefined, serverId: serverId || undefined, policyId: policy, enabled, ...(expiresAt ? { expiresAt } : {}) });
    if (!parsed.success) {
      const fieldErrors = fieldErrorsFromIssues(parsed.error.issues);
      if (!identityId && !editing) fieldErrors.identityId = ["Choose an identity."];
      if (!serverId && !editing) fieldErrors.serverId = ["Choose a server."];
      return setErrors(fieldErrors);
    }
    if (expiresAt && expiresAt.getTime() <= Date.now()) return setErrors({ expiresAt: ["Choose a time in the future."] });
    setErrors({});
    save.mutate(parsed.data);
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) reset();
      }}
    >
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{editing ? `Grant of ${grant.identity.name} on ${grant.server.name}` : "Add a grant"}</DialogTitle>
          <DialogDescription>The policy decides which of the server&apos;s tools this identity may call. Without a policy every call is denied.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} noValidate aria-label={editing ? "Edit grant" : "Add grant"} className="flex flex-col gap-4">
          <FormError message={errors[FORM_ERROR]} />
          {!editing && !fixed.identityId && (
            <FormField label="Identity" required error={errors.identityId} description={identities.length === 0 ? "No identity left to grant this server: create one under Identities first." : undefined}>
              {(control) => (
                <Select value={identityId} onValueChange={setIdentityId}>
                  <SelectTrigger {...control}>
                    <SelectValue placeholder="Choose an identity" />
                  </SelectTrigger>
                  <SelectContent>
                    {identities.map((identity) => (
                      <SelectItem key={identity.id} value={identity.id}>
                        {identity.name}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            </FormField>
          )}
          {!editing && !fixed.serverId && (
            <FormField label="Server" required error={errors.serverId} description={servers.length === 0 ? "No server left to grant: register one under Servers first." : undefined}>
              {(control) => (
                <Select
                  value={serverId}
                  onValueChange={(value) => {
                    setServerId(value);
                    setPolicyId(NO_POLICY);
                  }}
                >
                  <SelectTrigger {...control}>
                    <SelectValue placeholder="Choose a server" />
                  </SelectTrigger>
                  <SelectContent>
                    {servers.map((server) => (
                      <SelectItem key={server.id} value={server.id}>
                        {server.name}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            </FormField>
          )}
          <FormField
            label="Policy"
            error={errors.policyId}
            description={serverId && policies.length === 0 ? "This server has no policy yet: write one under Policies." : "Only the chosen server's policies are offered."}
          >
            {(control) => (
              <Select value={policyId} onValueChange={setPolicyId} disabled={!serverId}>
                <SelectTrigger {...control}>
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value={NO_POLICY}>No policy — deny every call</SelectItem>
                  {policies.map((policy) => (
                    <SelectItem key={policy.id} value={policy.id}>
                      {policy.name}
                      {policy.publishedVersion === null ? " (nothing published: denies every call)" : ` (v${policy.publishedVersion})`}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          </FormField>
          <FormField label="Expires" error={errors.expiresAt} description="Leave empty for a grant that does not expire.">
            <Input name="expiresAt" type="datetime-local" defaultValue={localInputValue(grant?.expiresAt ?? null)} />
          </FormField>
          <FormField label="Enabled" inline error={errors.enabled} description="A disabled grant refuses every call but keeps its settings.">
            <Switch checked={enabled} onCheckedChange={setEnabled} />
          </FormField>
          <DialogFooter>
            <Button type="submit" loading={save.isPending}>
              {editing ? "Save grant" : "Add grant"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
