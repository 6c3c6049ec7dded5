"use client";
// Edit a server: name, URL, upstream credential (kept, replaced or removed — never shown back,
// only its masked hint), timeouts, body limit, browser origins, tool-change and argument checks,
// enabled. Sends only what changed to PATCH /api/v1/servers/{id}; every error lands at its field.
import type { ServerResponse } from "@gatehouse/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Pencil } from "lucide-react";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { apiFetch } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import { FORM_ERROR, type FieldErrors, fieldErrorsOf } from "@/lib/field-errors";
import { type CredentialChoice, type ServerFormValues, type ServerPatch, buildServerPatch, formErrorsOf, formValuesOf } from "./server-patch";

export function EditServerDialog({ server }: { server: ServerResponse }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<ServerFormValues>(() => formValuesOf(server));
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = <K extends keyof ServerFormValues>(key: K, value: ServerFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const text = (key: keyof ServerFormValues) => ({
    name: key,
    value: values[key] as string,
    onChange: (e: { target: { value: string } }) => set(key, e.target.value as never),
  });

  const save = useMutation({
    mutationFn: (patch: ServerPatch) => apiFetch<ServerResponse>(`/servers/${server.id}`, { method: "PATCH", body: patch }),
    onSuccess: async (next) => {
      toast.success(`Saved ${next.name}`);
      setOpen(false);
      queryClient.setQueryData(queryKeys.servers.detail(server.id), next);
      await queryClient.invalidateQueries({ queryKey: queryKeys.servers.all });
    },
    onError: (error) => setErrors(formErrorsOf(fieldErrorsOf(error))),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const built = buildServerPatch(server, values);
    if (!built.ok) return setErrors(built.errors);
    setErrors({});
    if (Object.keys(built.patch).length === 0) {
      toast.info("Nothing changed");
      return setOpen(false);
    }
    save.mutate(built.patch);
  }

  const credentialChoices: { value: CredentialChoice; label: string }[] = server.upstreamAuth
    ? [
        { value: "keep", label: "Keep the stored credential" },
        { value: "headers", label: "Replace with static headers" },
        { value: "oauth", label: "Replace with OAuth client credentials" },
        { value: "remove", label: "Remove the credential" },
      ]
    : [
        { value: "keep", label: "None" },
        { value: "headers", label: "Static headers" },
        { value: "oauth", label: "OAuth client credentials" },
      ];

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (save.isPending) return;
        setOpen(next);
        // Every opening starts from the server as it is now; typed secrets never outlive the dialog.
        if (next) setValues(formValuesOf(server));
        setErrors({});
      }}
    >
      <DialogTrigger asChild>
        <Button variant="secondary">
          <Pencil aria-hidden /> Edit
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Edit {server.name}</DialogTitle>
          <DialogDescription>Proxies apply the change from the next call. The proxy URL stays the same.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} noValidate aria-label="Edit server" className="flex flex-col gap-4">
          <FormError message={errors[FORM_ERROR]} />
          <FormField label="Name" required error={errors.name}>
            <Input autoComplete="off" {...text("name")} />
          </FormField>
          <FormField label="Upstream URL" required error={errors.upstreamUrl} description="Changing it re-checks the address against the private-network rule.">
            <Input type="url" inputMode="url" {...text("upstreamUrl")} />
          </FormField>
          <FormField label="Description" error={errors.description}>
            <Textarea rows={2} {...text("description")} />
          </FormField>

          <fieldset className="flex flex-col gap-3 rounded-lg border border-border p-3">
            <legend className="px-1 text-sm font-medium">Upstream credential</legend>
            <p className="text-xs text-muted-foreground" data-testid="credential-hint">
              {server.upstreamAuth ? `Stored: ${server.upstreamAuth.hint}. Its secret is never shown; a new one replaces it.` : "None stored."}
            </p>
            <FormField label="Credential">
              {(control) => (
                <Select value={values.credential} onValueChange={(v) => set("credential", v as CredentialChoice)}>
                  <SelectTrigger {...control}>
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {credentialChoices.map((c) => (
                      <SelectItem key={c.value} value={c.value}>
                        {c.label}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            </FormField>
            {values.credential === "headers" && (
              <div className="grid gap-3 sm:grid-cols-2">
                <FormField label="Header name" required error={errors.headerName}>
                  <Input placeholder="Authorization" autoComplete="off" {...text("headerName")} />
                </FormField>
                <FormField label="Header value" required error={errors.headerValue}>
                  <Input type="password" placeholder="Bearer …" autoComplete="new-password" {...text("headerValue")} />
                </FormField>
              </div>
            )}
            {values.credential === "oauth" && (
              <div className="grid gap-3 sm:grid-cols-2">
                <FormField label="Token URL" required error={errors.oauthTokenUrl} className="sm:col-span-2">
                  <Input type="url" inputMode="url" placeholder="https://auth.example.com/oauth/token" autoComplete="off" {...text("oauthTokenUrl")} />
                </FormField>
                <FormField label="Client ID" required error={errors.oauthClientId}>
                  <Input autoComplete="off" {...text("oauthClientId")} />
                </FormField>
                <FormField label="Client secret" required error={errors.oauthClientSecret}>
                  <Input type="password" autoComplete="new-password" {...text("oauthClientSecret")} />
                </FormField>
                <FormField label="Scope" error={errors.oauthScope}>
                  <Input autoComplete="off" {...text("oauthScope")} />
                </FormField>
                <FormField label="Audience" error={errors.oauthAudience}>
                  <Input autoComplete="off" {...text("oauthAudience")} />
                </FormField>
              </div>
            )}
            {values.credential === "remove" && <p className="text-xs text-amber-800">The proxy stops sending a credential; an upstream that needs one will refuse calls.</p>}
          </fieldset>

          <fieldset className="grid gap-3 rounded-lg border border-border p-3 sm:grid-cols-2">
            <legend className="px-1 text-sm font-medium">Limits</legend>
            <FormField label="Connect timeout (ms)" error={errors.connectTimeoutMs}>
              <Input inputMode="numeric" {...text("connectTimeoutMs")} />
            </FormField>
            <FormField label="Response headers timeout (ms)" error={errors.headersTimeoutMs}>
              <Input inputMode="numeric" {...text("headersTimeoutMs")} />
            </FormField>
            <FormField label="Response body timeout (ms)" error={errors.bodyTimeoutMs}>
              <Input inputMode="numeric" {...text("bodyTimeoutMs")} />
            </FormField>
            <FormField label="Request body limit (KiB)" error={errors.maxBodyKib} description="Larger requests are refused before they reach the upstream.">
              <Input inputMode="numeric" {...text("maxBodyKib")} />
            </FormField>
          </fieldset>

          <FormField
            label="Allowed browser origins"
            error={errors.allowedOrigins}
            description="One per line, e.g. https://app.example.com. Empty: only clients that send no Origin (desktop and server agents)."
          >
            <Textarea rows={2} spellCheck={false} className="font-mono text-xs" {...text("allowedOrigins")} />
          </FormField>

          <div className="grid gap-3 sm:grid-cols-2">
            <FormField label="When a tool changes" error={errors.onToolChange}>
              {(control) => (
                <Select value={values.onToolChange} onValueChange={(v) => set("onToolChange", v as ServerFormValues["onToolChange"])}>
                  <SelectTrigger {...control}>
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    <SelectItem value="allow">Mark it and keep it working</SelectItem>
                    <SelectItem value="quarantine">Quarantine it until accepted</SelectItem>
                  </SelectContent>
                </Select>
              )}
            </FormField>
            <FormField label="Argument checks" error={errors.argumentValidation}>
              {(control) => (
                <Select value={values.argumentValidation} onValueChange={(v) => set("argumentValidation", v as ServerFormValues["argumentValidation"])}>
                  <SelectTrigger {...control}>
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    <SelectItem value="enforce">Refuse calls that break the tool's schema</SelectItem>
                    <SelectItem value="shadow">Log them only</SelectItem>
                    <SelectItem value="off">Do not check</SelectItem>
                  </SelectContent>
                </Select>
              )}
            </FormField>
          </div>

          <FormField
            inline
            label="Enabled"
            error={errors.enabled}
            description={values.enabled ? "Agents can call this server through the proxy." : "The proxy refuses every call to this server; nothing is deleted."}
          >
            <Checkbox checked={values.enabled} onCheckedChange={(checked) => set("enabled", checked === true)} />
          </FormField>

          <DialogFooter>
            <Button type="submit" loading={save.isPending}>
              Save changes
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
