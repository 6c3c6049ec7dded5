"use client";
// Two-minute setup, after discovery: the starter policy proposed from the tools' risk (edit it
// here), the agent's name, then one button publishes the policy, creates the identity, grants it
// this server and mints its token (shown once). Last, a test call through the proxy.
import type { ServerResponse, StarterPolicyResponse, ToolResponse } from "@gatehouse/shared";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, Send } from "lucide-react";
import Link from "next/link";
import { type FormEvent, useEffect, useState, useTransition } from "react";
import { toast } from "sonner";
import { RiskBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SecretReveal } from "@/components/ui/secret-reveal";
import { Textarea } from "@/components/ui/textarea";
import { apiFetch } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import { FORM_ERROR, type FieldErrors, fieldErrorsFromDetails } from "@/lib/field-errors";
import { type SetUpResult, sendTestCallAction, setUpAccessAction } from "./actions";

type TestCall = Awaited<ReturnType<typeof sendTestCallAction>>;

export function SetupCard({ server, tools, token, onToken }: { server: ServerResponse; tools: ToolResponse[]; token: string | null; onToken: (token: string) => void }) {
  const queryClient = useQueryClient();
  const hasTools = tools.some((t) => t.status !== "removed");
  const starter = useQuery({
    queryKey: [...queryKeys.servers.detail(server.id), "starter-policy", tools.length],
    queryFn: ({ signal }) => apiFetch<StarterPolicyResponse>(`/servers/${server.id}/starter-policy`, { signal }),
    enabled: hasTools,
  });
  const [documentText, setDocumentText] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<Extract<SetUpResult, { ok: true }> | null>(null);
  const [pending, startTransition] = useTransition();
  const [testPending, startTest] = useTransition();
  const [testCall, setTestCall] = useState<TestCall | null>(null);

  useEffect(() => {
    if (starter.data && documentText === "") setDocumentText(JSON.stringify(starter.data.document, null, 2));
  }, [starter.data, documentText]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const identityName = String(new FormData(event.currentTarget).get("identityName") ?? "").trim();
    if (!identityName) {
      setErrors({ identityName: ["Name the agent that will connect."] });
      return;
    }
    startTransition(async () => {
      const result = await setUpAccessAction({ serverId: server.id, documentText, identityName });
      if (!result.ok) {
        const fieldErrors = fieldErrorsFromDetails(result.details);
        // Policy paths (tools.x.limits[0]) belong to the document field.
        const mapped: FieldErrors = {};
        for (const [path, messages] of Object.entries(fieldErrors)) {
          const key = path === "identityName" || path === "name" ? "identityName" : "document";
          mapped[key] = [...(mapped[key] ?? []), ...messages.map((m) => (key === "document" && path && path !== "document" ? `${path}: ${m}` : m))];
        }
        if (Object.keys(mapped).length === 0) mapped[FORM_ERROR] = [result.message];
        setErrors(mapped);
        return;
      }
      setErrors({});
      setCreated(result);
      onToken(result.token);
      toast.success("Policy published, identity and token created");
      void queryClient.invalidateQueries({ queryKey: queryKeys.servers.all });
    });
  }

  function sendTestCall() {
    if (!token) return;
    startTest(async () => setTestCall(await sendTestCallAction({ serverId: server.id, token })));
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Govern it in two minutes</CardTitle>
        <CardDescription>Publish a policy proposed from the tools' risk, create the agent's identity and token, then send a test call.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-5">
        {!hasTools ? (
          <p className="text-sm text-muted-foreground">Discover the server's tools first: the starter policy is proposed from them.</p>
        ) : created ? (
          <div className="flex flex-col gap-3">
            <p className="flex items-center gap-2 text-sm font-medium text-emerald-800">
              <CheckCircle2 aria-hidden className="size-4" /> Policy published; identity created and granted this server.
            </p>
            {token && (
              <SecretReveal label="Token" value={token} defaultVisible>
                The connection snippets below already carry it.
              </SecretReveal>
            )}
          </div>
        ) : (
          <form onSubmit={submit} noValidate aria-label="Set up access" className="flex flex-col gap-4">
            <FormError message={errors[FORM_ERROR]} />
            {starter.data && (
              <ul aria-label="Starter policy rationale" className="grid gap-1.5 text-sm sm:grid-cols-2">
                {starter.data.rationale.map((r) => (
                  <li key={r.tool} className="flex flex-wrap items-center gap-2">
                    <span className="font-mono text-xs">{r.tool}</span>
                    <RiskBadge level={r.level} />
                    <span className="text-muted-foreground">{r.rule}</span>
                  </li>
                ))}
              </ul>
            )}
            <FormField label="Starter policy" error={errors.document} description="Edit before publishing; it is checked when you publish.">
              <Textarea value={documentText} onChange={(e) => setDocumentText(e.target.value)} rows={12} className="font-mono text-xs" spellCheck={false} />
            </FormField>
            <FormField label="Agent name" required error={errors.identityName} description="The identity your agent connects as, e.g. “claude-code-laptop”.">
              <Input name="identityName" autoComplete="off" />
            </FormField>
            <div className="flex justify-end">
              <Button type="submit" loading={pending} disabled={!documentText}>
                Publish policy and create token
              </Button>
            </div>
          </form>
        )}
        {created && (
          <div className="flex flex-col gap-2 border-t border-border pt-4">
            <div className="flex flex-wrap items-center gap-3">
              <Button onClick={sendTestCall} loading={testPending} variant="secondary">
                <Send aria-hidden /> Send a test call
              </Button>
              <Link href="/decision-logs" className="text-sm underline underline-offset-4">
                Open the decision logs
              </Link>
            </div>
            <p role="status" aria-live="polite" className="text-sm" data-testid="test-call-result">
              {testCall?.ok &&
                (testCall.tool
                  ? `Called ${testCall.tool} through the proxy: ${testCall.outcome}. The agent sees ${testCall.visibleTools} tools.`
                  : `${testCall.text}`)}
              {testCall && !testCall.ok && <span className="text-red-700">{testCall.message}</span>}
            </p>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
