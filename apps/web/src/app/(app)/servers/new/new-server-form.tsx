"use client";
// The register-a-server form: checked with the API's own schema in the browser first, then sent
// to POST /api/v1/servers; every error lands at the field it names (an SSRF refusal at the URL).
// On success it discovers the tools at once and opens the server page.
import { CreateServerInput, type DiscoveryResponse, type ServerResponse } from "@gatehouse/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Sparkles } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { apiFetch } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import { FORM_ERROR, type FieldErrors, fieldErrorsFromIssues, fieldErrorsOf } from "@/lib/field-errors";
import { registerDemoServerAction } from "./actions";

export function NewServerForm({ demoAvailable }: { demoAvailable: boolean }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [onToolChange, setOnToolChange] = useState<"allow" | "quarantine">("allow");
  const [authKind, setAuthKind] = useState<"headers" | "oauth2_client_credentials">("headers");
  const [demoPending, startDemo] = useTransition();

  const create = useMutation({
    mutationFn: async (input: CreateServerInput) => {
      const server = await apiFetch<ServerResponse>("/servers", { method: "POST", body: input });
      // Discovery failing is not a failed registration: the server page says why and offers a retry.
      const discovery = await apiFetch<DiscoveryResponse>(`/servers/${server.id}/discover`, { method: "POST" }).catch(() => null);
      return { server, discovery };
    },
    onSuccess: ({ server, discovery }) => {
      toast.success(discovery ? `Registered ${server.name}: ${discovery.tools.length} tools found` : `Registered ${server.name}`);
      setErrors({});
      void queryClient.invalidateQueries({ queryKey: queryKeys.servers.all });
      router.push(`/servers/${server.id}`);
    },
    onError: (error) => setErrors(fieldErrorsOf(error)),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const headerName = String(form.get("authHeaderName") ?? "").trim();
    const headerValue = String(form.get("authHeaderValue") ?? "");
    const description = String(form.get("description") ?? "").trim();
    const text = (field: string) => String(form.get(field) ?? "").trim();
    const upstreamAuth =
      authKind === "oauth2_client_credentials"
        ? {
            type: "oauth2_client_credentials" as const,
            tokenUrl: text("oauthTokenUrl"),
            clientId: text("oauthClientId"),
            clientSecret: String(form.get("oauthClientSecret") ?? ""),
            ...(text("oauthScope") ? { scope: text("oauthScope") } : {}),
            ...(text("oauthAudience") ? { audience: text("oauthAudience") } : {}),
          }
        : headerName || headerValue
          ? { headers: { [headerName]: headerValue } }
          : undefined;
    const input = {
      name: form.get("name"),
      upstreamUrl: String(form.get("upstreamUrl") ?? "").trim(),
      onToolChange,
      ...(description ? { description } : {}),
      ...(upstreamAuth ? { upstreamAuth } : {}),
    };
    const parsed = CreateServerInput.safeParse(input);
    if (!parsed.success) {
      const fieldErrors = fieldErrorsFromIssues(parsed.error.issues);
      // Header problems are reported under the record's key; show them at the header fields.
      const authErrors = Object.entries(fieldErrors).filter(([path]) => path.startsWith("upstreamAuth"));
      if (authKind === "headers" && authErrors.length > 0) fieldErrors.authHeaderName = authErrors.flatMap(([, messages]) => messages);
      setErrors(fieldErrors);
      return;
    }
    create.mutate(parsed.data);
  }

  function registerDemo() {
    startDemo(async () => {
      const result = await registerDemoServerAction();
      if ("error" in result) {
        setErrors({ [FORM_ERROR]: [result.error] });
        return;
      }
      toast.success("Registered the demo server");
      void queryClient.invalidateQueries({ queryKey: queryKeys.servers.all });
      router.push(`/servers/${result.serverId}`);
    });
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,34rem)_1fr]">
      <form onSubmit={submit} noValidate aria-label="Register a server" className="flex flex-col gap-4 rounded-xl border border-border bg-card p-5">
        <FormError message={errors[FORM_ERROR]} />
        <FormField label="Name" required error={errors.name} description="How this server appears to your team, e.g. “GitHub” or “Billing”.">
          <Input name="name" autoComplete="off" />
        </FormField>
        <FormField label="Upstream URL" required error={errors.upstreamUrl} description="The MCP server's Streamable HTTP endpoint, often ending in /mcp.">
          <Input name="upstreamUrl" type="url" inputMode="url" placeholder="https://mcp.example.com/mcp" />
        </FormField>
        <FormField label="Description" error={errors.description}>
          <Textarea name="description" rows={2} />
        </FormField>
        <fieldset className="flex flex-col gap-3 rounded-lg border border-border p-3">
          <legend className="px-1 text-sm font-medium">Upstream credential (optional)</legend>
          <FormField label="Kind" description="Static headers are sent as they are; with OAuth the proxy fetches an access token and sends it as a bearer.">
            {(control) => (
              <Select value={authKind} onValueChange={(v) => setAuthKind(v as typeof authKind)}>
                <SelectTrigger {...control}>
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value="headers">Static headers</SelectItem>
                  <SelectItem value="oauth2_client_credentials">OAuth client credentials</SelectItem>
                </SelectContent>
              </Select>
            )}
          </FormField>
          {authKind === "headers" ? (
            <>
              <p className="text-xs text-muted-foreground">
                Sent by the proxy to the upstream on every call; stored encrypted and never shown again (only its last characters).
              </p>
              <div className="grid gap-3 sm:grid-cols-2">
                <FormField label="Header name" error={errors.authHeaderName}>
                  <Input name="authHeaderName" placeholder="Authorization" autoComplete="off" />
                </FormField>
                <FormField label="Header value" error={errors.authHeaderValue}>
                  <Input name="authHeaderValue" type="password" placeholder="Bearer …" autoComplete="off" />
                </FormField>
              </div>
            </>
          ) : (
            <>
              <p className="text-xs text-muted-foreground">
                The proxy asks the token endpoint for an access token (client credentials grant), caches it until shortly before it expires, and
                refreshes it when the upstream refuses it. The client secret is stored encrypted and never shown again.
              </p>
              <FormField label="Token URL" required error={errors["upstreamAuth.tokenUrl"]}>
                <Input name="oauthTokenUrl" type="url" inputMode="url" placeholder="https://auth.example.com/oauth/token" autoComplete="off" />
              </FormField>
              <div className="grid gap-3 sm:grid-cols-2">
                <FormField label="Client ID" required error={errors["upstreamAuth.clientId"]}>
                  <Input name="oauthClientId" autoComplete="off" />
                </FormField>
                <FormField label="Client secret" required error={errors["upstreamAuth.clientSecret"]}>
                  <Input name="oauthClientSecret" type="password" autoComplete="off" />
                </FormField>
                <FormField label="Scope" error={errors["upstreamAuth.scope"]} description="Space-separated, if the provider needs it.">
                  <Input name="oauthScope" autoComplete="off" />
                </FormField>
                <FormField label="Audience" error={errors["upstreamAuth.audience"]} description="Some providers (e.g. Auth0) require it.">
                  <Input name="oauthAudience" autoComplete="off" />
                </FormField>
              </div>
            </>
          )}
        </fieldset>
        <FormField label="When a tool changes" error={errors.onToolChange} description="Quarantine hides a changed tool from agents until an admin reviews and accepts it.">
          {(control) => (
            <Select value={onToolChange} onValueChange={(v) => setOnToolChange(v as "allow" | "quarantine")}>
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
        <div className="flex justify-end">
          <Button type="submit" loading={create.isPending}>
            Register and discover tools
          </Button>
        </div>
      </form>
      {demoAvailable && (
        <aside className="flex h-fit flex-col gap-3 rounded-xl border border-dashed border-border p-5 text-sm">
          <p className="font-medium">No MCP server at hand?</p>
          <p className="text-muted-foreground">This machine runs a demo image-generation server with six tools, one of them destructive. Register it to try everything.</p>
          <Button variant="secondary" onClick={registerDemo} loading={demoPending} className="w-fit">
            <Sparkles aria-hidden /> Use the demo server
          </Button>
        </aside>
      )}
    </div>
  );
}
