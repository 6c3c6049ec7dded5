"use client";
// One draft (the JSON text) edited two ways — the visual builder and the JSON editor — plus
// versions, the simulator and replay. Saving, publishing and rolling back go through /api/v1;
// the validation shown here is the engine's own (parsePolicy), the same the API applies.
import { canonicalJson, parsePolicy } from "@gatehouse/policy";
import type { PolicyDetailResponse, PolicyVersionResponse, StarterPolicyResponse } from "@gatehouse/shared";
import type { ApiErrorDetail as PolicyIssue } from "@/lib/api/api-error";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, CheckCircle2, Sparkles, Upload } from "lucide-react";
import Link from "next/link";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { ApiError, errorMessage } from "@/lib/api/api-error";
import { apiFetch } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import { builderToolNames, formatDraft, parseDraft, EMPTY_POLICY } from "@/lib/policy-editor/builder-model";
import { JsonEditor } from "@/lib/policy-editor/json-editor";
import { ImportDialog } from "./import-dialog";
import { ReplayPanel } from "./replay-panel";
import { SimulatorPanel } from "./simulator-panel";
import { type IdentityView, type ToolView, argPathsOf } from "./types";
import { VersionsPanel } from "./versions-panel";
import { VisualBuilder } from "./visual-builder";

type Props = { initialPolicy: PolicyDetailResponse; tools: ToolView[]; identities: IdentityView[]; canWrite: boolean };

type Check = { kind: "syntax"; message: string } | { kind: "invalid"; errors: PolicyIssue[] } | { kind: "valid" };

function check(text: string): Check {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: "syntax", message: error instanceof Error ? error.message : "Not JSON." };
  }
  const parsed = parsePolicy(value);
  return parsed.ok ? { kind: "valid" } : { kind: "invalid", errors: parsed.errors };
}

export function PolicyEditor({ initialPolicy, tools, identities, canWrite }: Props) {
  const queryClient = useQueryClient();
  const policyId = initialPolicy.id;
  const { data: policy } = useQuery({
    queryKey: queryKeys.policies.detail(policyId),
    queryFn: ({ signal }) => apiFetch<PolicyDetailResponse>(`/policies/${policyId}`, { signal }),
    initialData: initialPolicy,
  });
  const [draft, setDraft] = useState(() => formatDraft((initialPolicy.latest?.document as Record<string, unknown>) ?? EMPTY_POLICY));
  const [tab, setTab] = useState("builder");
  const [serverErrors, setServerErrors] = useState<PolicyIssue[]>([]);
  const status = useMemo(() => check(draft), [draft]);
  const doc = useMemo(() => parseDraft(draft), [draft]);
  const toolNames = useMemo(() => builderToolNames(doc ?? {}, tools.map((t) => t.name)), [doc, tools]);
  const argPaths = useMemo(() => [...new Set(tools.flatMap((t) => argPathsOf(t.inputSchema)))].sort(), [tools]);
  const nextNumber = (policy.latestVersion?.number ?? 0) + 1;
  const dirty = useMemo(() => {
    const saved = policy.latest?.document;
    // Stored documents come back from jsonb with their keys reordered: compare canonical forms.
    return !doc || !saved || canonicalJson(doc) !== canonicalJson(saved);
  }, [doc, policy.latest]);

  const invalidate = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.policies.all }),
      queryClient.invalidateQueries({ queryKey: queryKeys.policyVersions.list({ policyId }) }),
    ]);

  const save = useMutation({
    mutationFn: (input: { document: unknown; publish: boolean }) =>
      apiFetch<PolicyVersionResponse>(`/policies/${policyId}/versions`, { method: "POST", body: input }),
    onSuccess: async (version) => {
      setServerErrors([]);
      toast.success(version.status === "published" ? `Published version ${version.number}${version.mode === "shadow" ? " in shadow mode" : ""}` : `Saved draft version ${version.number}`);
      await invalidate();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === "validation_failed") setServerErrors(error.fieldDetails);
    },
  });

  // The servers API proposes a document from the tools' risk; it replaces the draft, unsaved.
  const starter = useMutation({
    mutationFn: () => apiFetch<StarterPolicyResponse>(`/servers/${policy.server.id}/starter-policy`),
    onSuccess: (proposal) => {
      setDraft(formatDraft(proposal.document));
      setTab("builder");
      toast.success(`Starter policy loaded into the draft (${proposal.rationale.length} tool rule${proposal.rationale.length === 1 ? "" : "s"} from risk). Review it, then save or publish.`);
    },
    onError: (error) => toast.error(errorMessage(error)),
  });

  const current = doc ?? {};
  const publishAs = (mode: "enforce" | "shadow") => {
    const next = { ...current };
    if (mode === "shadow") next.mode = "shadow";
    else delete next.mode;
    if (mode === "shadow") setDraft(formatDraft(next));
    return save.mutateAsync({ document: next, publish: true });
  };

  const errors = status.kind === "invalid" ? status.errors : serverErrors;
  const valid = status.kind === "valid";

  return (
    <>
      <PageHeader
        title={policy.name}
        description={
          <>
            Policy for <span className="font-medium text-foreground">{policy.server.name}</span>.{" "}
            {policy.publishedVersion ? (
              <>
                Version {policy.publishedVersion.number} is enforced{policy.publishedVersion.mode === "shadow" ? " in shadow mode (logged, not refused)" : ""}.
              </>
            ) : (
              "Nothing is published yet: grants with this policy deny every call."
            )}{" "}
            <Link href="/policies" className="text-primary hover:underline">
              All policies
            </Link>
          </>
        }
        actions={
          canWrite ? (
            <div className="flex flex-wrap gap-2">
            <Button variant="secondary" loading={starter.isPending} onClick={() => starter.mutate()}>
              <Sparkles aria-hidden /> Starter policy
            </Button>
            <ImportDialog
              onImported={(document) => {
                setDraft(formatDraft(document as Record<string, unknown>));
                setTab("builder");
              }}
              trigger={
                <Button variant="secondary">
                  <Upload aria-hidden /> Import Intercept YAML
                </Button>
              }
            />
            </div>
          ) : null
        }
      />

      <section aria-label="Draft" className="mb-4 flex flex-wrap items-center gap-2 rounded-lg border border-border bg-card p-3">
        <div role="status" aria-live="polite" className="flex items-center gap-2 text-sm" data-testid="draft-status">
          {status.kind === "valid" ? (
            <>
              <CheckCircle2 aria-hidden className="size-4 text-emerald-600" /> Valid draft
            </>
          ) : status.kind === "syntax" ? (
            <>
              <AlertTriangle aria-hidden className="size-4 text-red-600" /> Not valid JSON
            </>
          ) : (
            <>
              <AlertTriangle aria-hidden className="size-4 text-red-600" /> {status.errors.length} error{status.errors.length === 1 ? "" : "s"}
            </>
          )}
          {dirty ? <Badge tone="warning">Unsaved changes</Badge> : <Badge>Saved as v{policy.latestVersion?.number}</Badge>}
        </div>
        {canWrite && (
          <div className="ml-auto flex flex-wrap gap-2">
            <Button variant="secondary" disabled={!valid || !dirty} loading={save.isPending && !save.variables?.publish} onClick={() => save.mutate({ document: current, publish: false })}>
              Save draft
            </Button>
            <ConfirmDialog
              destructive={false}
              title={`Publish in shadow mode as version ${nextNumber}?`}
              description="Proxies evaluate it on the next call and log what it would have decided, but allow every call. The decision log shows the would-be outcome."
              confirmLabel="Publish in shadow mode"
              onConfirm={() => publishAs("shadow")}
              trigger={
                <Button variant="secondary" disabled={!valid}>
                  Publish as shadow
                </Button>
              }
            />
            <ConfirmDialog
              destructive={false}
              title={`Publish version ${nextNumber}?`}
              description="Proxies enforce it from the next call on every grant that uses this policy. You can roll back to an earlier version from Versions."
              confirmLabel="Publish"
              onConfirm={() => publishAs("enforce")}
              trigger={<Button disabled={!valid}>Publish</Button>}
            />
          </div>
        )}
        {save.isError && !(save.error instanceof ApiError && save.error.code === "validation_failed") && (
          <p role="alert" className="w-full text-sm text-destructive">
            {errorMessage(save.error)}
          </p>
        )}
        {(errors.length > 0 || status.kind === "syntax") && (
          <ul aria-label="Problems in the draft" className="w-full list-none space-y-1 text-sm text-destructive" data-testid="draft-errors">
            {status.kind === "syntax" && <li>{status.message}</li>}
            {errors.slice(0, 20).map((e) => (
              <li key={`${e.path}:${e.message}`}>
                <code className="font-mono text-xs">{e.path || "(document)"}</code>: {e.message}
              </li>
            ))}
          </ul>
        )}
      </section>

      <Tabs value={tab} onValueChange={setTab}>
        <TabsList className="mb-4 flex-wrap">
          <TabsTrigger value="builder">Builder</TabsTrigger>
          <TabsTrigger value="json">JSON</TabsTrigger>
          <TabsTrigger value="versions">Versions</TabsTrigger>
          <TabsTrigger value="simulate">Simulate</TabsTrigger>
          <TabsTrigger value="replay">Replay</TabsTrigger>
        </TabsList>
        <TabsContent value="builder">
          {doc ? (
            <VisualBuilder doc={doc} onChange={(next) => setDraft(formatDraft(next))} tools={tools} toolNames={toolNames} readOnly={!canWrite} />
          ) : (
            <p role="alert" className="rounded-md border border-dashed border-border p-6 text-sm text-muted-foreground">
              The draft is not a JSON object, so the builder cannot show it. Fix it in the JSON tab.
            </p>
          )}
        </TabsContent>
        <TabsContent value="json" forceMount className="data-[state=inactive]:hidden">
          <div className="mb-2 flex justify-end gap-2">
            <Button size="sm" variant="ghost" disabled={!doc || !canWrite} onClick={() => doc && setDraft(formatDraft(doc))}>
              Format
            </Button>
          </div>
          <JsonEditor value={draft} onChange={setDraft} readOnly={!canWrite} toolNames={toolNames} argPaths={argPaths} label="Policy JSON" />
        </TabsContent>
        <TabsContent value="versions">
          <VersionsPanel
            policyId={policyId}
            publishedNumber={policy.publishedVersion?.number ?? null}
            draft={doc}
            canWrite={canWrite}
            onLoad={(document) => {
              setDraft(formatDraft(document as Record<string, unknown>));
              setTab("builder");
            }}
            onChanged={invalidate}
          />
        </TabsContent>
        <TabsContent value="simulate">
          <SimulatorPanel policyId={policyId} draft={valid ? doc : null} tools={tools} toolNames={toolNames} identities={identities} />
        </TabsContent>
        <TabsContent value="replay">
          <ReplayPanel policyId={policyId} draft={valid ? doc : null} />
        </TabsContent>
      </Tabs>
    </>
  );
}
