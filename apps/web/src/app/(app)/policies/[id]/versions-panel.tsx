"use client";
// Versions: the history of a policy, publish or roll back (with confirmation), load a version
// into the draft, and a side-by-side structural diff of any two versions (or the draft).
import { type JsonChange, type PolicyDiffResponse, type PolicyVersionSummary, diffDocuments } from "@gatehouse/shared";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { fieldClasses } from "@/components/ui/input";
import { ErrorState, LoadingState, QueryErrorState } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiError, errorMessage } from "@/lib/api/api-error";
import { apiFetch } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import type { Doc } from "@/lib/policy-editor/builder-model";
import { cn } from "@/lib/utils";

type Props = {
  policyId: string;
  publishedNumber: number | null;
  draft: Doc | null;
  canWrite: boolean;
  onLoad: (document: unknown) => void;
  onChanged: () => Promise<unknown>;
};

const DRAFT = "draft";

export function VersionsPanel({ policyId, publishedNumber, draft, canWrite, onLoad, onChanged }: Props) {
  const versions = useQuery({
    queryKey: queryKeys.policyVersions.list({ policyId }),
    queryFn: ({ signal }) => apiFetch<{ data: PolicyVersionSummary[] }>(`/policies/${policyId}/versions`, { query: { limit: 200 }, signal }),
  });
  const rows = versions.data?.data ?? [];
  const [from, setFrom] = useState<string>("");
  const [to, setTo] = useState<string>(DRAFT);
  const fromValue = from || String(publishedNumber ?? rows[rows.length - 1]?.number ?? "");

  const publish = useMutation({
    mutationFn: (number: number) => apiFetch(`/policies/${policyId}/versions/${number}/publish`, { method: "POST", body: {} }),
    onSuccess: async (_data, number) => {
      toast.success(publishedNumber !== null && number < publishedNumber ? `Rolled back to version ${number}` : `Published version ${number}`);
      await onChanged();
    },
  });
  // There is no single-version route: the diff of a version with itself carries its document.
  const load = useMutation({
    mutationFn: (number: number) => apiFetch<PolicyDiffResponse>(`/policies/${policyId}/diff`, { query: { from: number, to: number } }),
    onSuccess: (diff) => onLoad(diff.to.document),
  });

  if (versions.isPending) return <LoadingState label="Loading versions…" />;
  if (versions.isError)
    return (
      <QueryErrorState error={versions.error} onRetry={versions.refetch} />
    );

  return (
    <div className="space-y-4">
      <TableContainer>
        <Table aria-label="Versions">
          <TableHeader>
            <TableRow>
              <TableHead>Version</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Note</TableHead>
              <TableHead>Created</TableHead>
              <TableHead>Published</TableHead>
              <TableHead className="text-right">Actions</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((v) => {
              const isPublished = v.status === "published";
              const rollback = publishedNumber !== null && v.number < publishedNumber;
              return (
                <TableRow key={v.id} data-testid={`version-${v.number}`}>
                  <TableCell className="font-medium">v{v.number}</TableCell>
                  <TableCell>
                    <div className="flex gap-1">
                      {isPublished ? <Badge tone="success">Published</Badge> : <Badge>{v.publishedAt ? "Superseded" : "Draft"}</Badge>}
                      {v.mode === "shadow" && <Badge tone="info">Shadow</Badge>}
                    </div>
                  </TableCell>
                  <TableCell className="max-w-64 truncate text-sm text-muted-foreground">{v.note ?? ""}</TableCell>
                  <TableCell>
                    <DateTime value={v.createdAt} />
                  </TableCell>
                  <TableCell>{v.publishedAt ? <DateTime value={v.publishedAt} /> : "—"}</TableCell>
                  <TableCell className="text-right">
                    <div className="flex justify-end gap-1">
                      <Button size="sm" variant="ghost" loading={load.isPending && load.variables === v.number} onClick={() => load.mutate(v.number)}>
                        Load into draft
                      </Button>
                      {canWrite && !isPublished && (
                        <ConfirmDialog
                          destructive={rollback}
                          title={rollback ? `Roll back to version ${v.number}?` : `Publish version ${v.number}?`}
                          description={`Proxies enforce version ${v.number} from the next call${publishedNumber ? `, replacing version ${publishedNumber}` : ""}. Every grant using this policy is affected.`}
                          confirmLabel={rollback ? "Roll back" : "Publish"}
                          onConfirm={() => publish.mutateAsync(v.number)}
                          trigger={
                            <Button size="sm" variant={rollback ? "secondary" : "primary"}>
                              {rollback ? "Roll back" : "Publish"}
                            </Button>
                          }
                        />
                      )}
                    </div>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>

      <Card>
        <CardHeader>
          <CardTitle>Compare</CardTitle>
          <CardDescription>A structural diff: every field added, removed or changed, at its path.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-3">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <label className="flex items-center gap-2">
              From
              <select className={cn(fieldClasses, "h-8 w-auto py-1")} value={fromValue} onChange={(e) => setFrom(e.target.value)} aria-label="Compare from">
                {rows.map((v) => (
                  <option key={v.id} value={String(v.number)}>
                    v{v.number}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex items-center gap-2">
              to
              <select className={cn(fieldClasses, "h-8 w-auto py-1")} value={to} onChange={(e) => setTo(e.target.value)} aria-label="Compare to">
                <option value={DRAFT}>the draft</option>
                {rows.map((v) => (
                  <option key={v.id} value={String(v.number)}>
                    v{v.number}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {fromValue && <DiffView policyId={policyId} from={Number(fromValue)} to={to} draft={draft} />}
        </CardContent>
      </Card>
    </div>
  );
}

function DiffView({ policyId, from, to, draft }: { policyId: string; from: number; to: string; draft: Doc | null }) {
  // Against the draft, the "to" side is local: fetch the "from" version (diff of it with itself).
  const versusDraft = to === DRAFT;
  const query = useQuery({
    queryKey: [...queryKeys.policyVersions.detail(policyId), from, versusDraft ? from : Number(to)],
    queryFn: ({ signal }) => apiFetch<PolicyDiffResponse>(`/policies/${policyId}/diff`, { query: { from, to: versusDraft ? from : Number(to) }, signal }),
  });
  if (query.isPending) return <LoadingState label="Comparing…" rows={2} />;
  if (query.isError) return <ErrorState message={errorMessage(query.error)} requestId={query.error instanceof ApiError ? query.error.requestId : null} />;
  const changes: JsonChange[] = versusDraft ? (draft ? diffDocuments(query.data.from.document, draft) : []) : query.data.changes;
  if (versusDraft && !draft) return <p className="text-sm text-muted-foreground">The draft is not valid JSON.</p>;
  if (changes.length === 0) return <p className="text-sm text-muted-foreground">No differences.</p>;
  return (
    <TableContainer>
      <Table aria-label="Differences">
        <TableHeader>
          <TableRow>
            <TableHead>Path</TableHead>
            <TableHead>v{from}</TableHead>
            <TableHead>{versusDraft ? "Draft" : `v${to}`}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {changes.map((c) => (
            <TableRow key={`${c.kind}:${c.path}`} data-testid="diff-row">
              <TableCell className="align-top">
                <code className="font-mono text-xs">{c.path || "(document)"}</code>
                <Badge tone={c.kind === "added" ? "success" : c.kind === "removed" ? "danger" : "warning"} className="ml-2">
                  {c.kind}
                </Badge>
              </TableCell>
              <TableCell className="align-top">{c.kind !== "added" && <JsonValue value={c.before} tone="removed" />}</TableCell>
              <TableCell className="align-top">{c.kind !== "removed" && <JsonValue value={c.after} tone="added" />}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

function JsonValue({ value, tone }: { value: unknown; tone: "added" | "removed" }) {
  return (
    <pre className={cn("max-w-md overflow-x-auto whitespace-pre-wrap rounded px-2 py-1 font-mono text-xs", tone === "added" ? "bg-emerald-50 text-emerald-900" : "bg-red-50 text-red-900")}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
