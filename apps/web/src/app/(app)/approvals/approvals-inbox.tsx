"use client";
import type { ApprovalResponse, ApprovalStatus, Page } from "@gatehouse/shared";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Check, Inbox, X } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { toast } from "sonner";
import { ApprovalStatusBadge, Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { ApiError, errorMessage } from "@/lib/api/api-error";
import { apiFetch } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import { fieldErrorsOf } from "@/lib/field-errors";
import { useApprovalEvents } from "@/lib/use-approval-events";
import { BulkDecideBar, BulkDecideFailures, SelectForBulk, useBulkSelection } from "./bulk-decide";

type Props = { initialPending: Page<ApprovalResponse>; mayDecideByDefault: boolean };
type Decision = "approve" | "deny";
const STATUSES: ApprovalStatus[] = ["pending", "approved", "consumed", "denied", "expired"];

export function ApprovalsInbox({ initialPending, mayDecideByDefault }: Props) {
  useApprovalEvents();
  const pending = useQuery({
    queryKey: queryKeys.approvals.list({ status: "pending", limit: 100 }),
    queryFn: ({ signal }) => apiFetch<Page<ApprovalResponse>>("/approvals", { query: { status: "pending", limit: 100 }, signal }),
    initialData: initialPending,
  });
  const rows = pending.data?.data ?? [];
  const decidable = useMemo(() => rows.filter((row) => row.canDecide), [rows]);
  const selection = useBulkSelection(decidable);
  return (
    <Tabs defaultValue="pending" className="mt-4">
      <TabsList>
        <TabsTrigger value="pending">Pending ({rows.length})</TabsTrigger>
        <TabsTrigger value="history">History</TabsTrigger>
      </TabsList>
      <TabsContent value="pending" className="mt-4">
        <BulkDecideFailures selection={selection} />
        {pending.error ? (
          <ErrorState message={errorMessage(pending.error)} action={<Button onClick={() => pending.refetch()}>Retry</Button>} />
        ) : rows.length === 0 ? (
          <EmptyState icon={Inbox} title="Nothing waiting for a decision">
            When a policy rule requires approval, the held call appears here at once with who asked, which tool and which arguments.
          </EmptyState>
        ) : (
          <>
            {decidable.length > 0 ? <BulkDecideBar rows={decidable} selection={selection} /> : null}
            <ul aria-label="Pending approval requests" className="flex flex-col gap-3">
              {rows.map((row) => (
                <li key={row.id} className="flex items-start gap-3">
                  {decidable.length > 0 ? <div className="w-4 shrink-0">{row.canDecide ? <SelectForBulk approval={row} selection={selection} /> : null}</div> : null}
                  <div className="min-w-0 flex-1">
                    <PendingCard approval={row} />
                  </div>
                </li>
              ))}
            </ul>
          </>
        )}
        {!mayDecideByDefault && rows.length > 0 ? <p className="mt-3 text-sm text-muted-foreground">Your role may read requests but not decide them.</p> : null}
      </TabsContent>
      <TabsContent value="history" className="mt-4">
        <History />
      </TabsContent>
    </Tabs>
  );
}

function PendingCard({ approval }: { approval: ApprovalResponse }) {
  const [deciding, setDeciding] = useState<Decision | null>(null);
  return (
    <Card data-testid="approval-card" data-approval-id={approval.id}>
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <CardTitle className="font-mono text-base break-all">{approval.toolName}</CardTitle>
          <p className="mt-1 text-sm text-muted-foreground">
            <span className="font-medium text-foreground">{approval.identityName ?? approval.identityId}</span> on{" "}
            <span className="font-medium text-foreground">{approval.serverName ?? approval.serverId}</span> · requested <DateTime value={approval.requestedAt} />
          </p>
          {approval.taskId ? (
            <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
              <Badge tone="info" data-testid="task-badge">
                Agent waiting · task
              </Badge>
              <span>
                The agent holds MCP task <code className="text-xs">{approval.taskId}</code>: approving runs the call and hands it the result, no retry needed.
              </span>
            </p>
          ) : null}
        </div>
        <Countdown until={approval.expiresAt} />
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <p className="text-sm">
          Rule <code className="rounded bg-muted px-1 py-0.5 text-xs break-all">{approval.rule}</code>
        </p>
        {approval.canDecide ? (
          <section aria-label="Arguments">
            <pre className="max-h-64 overflow-auto rounded-md bg-zinc-950 p-3 text-xs text-zinc-50">{JSON.stringify(approval.arguments, null, 2)}</pre>
          </section>
        ) : (
          <p className="text-sm text-muted-foreground">Arguments: {approval.argKeys.join(", ") || "none"} (values are shown to approvers only)</p>
        )}
        {approval.canDecide ? (
          <div className="flex flex-wrap gap-2">
            <Button onClick={() => setDeciding("approve")}>
              <Check aria-hidden className="size-4" /> Approve
            </Button>
            <Button variant="destructive" onClick={() => setDeciding("deny")}>
              <X aria-hidden className="size-4" /> Deny
            </Button>
          </div>
        ) : null}
      </CardContent>
      {deciding ? <DecideDialog approval={approval} decision={deciding} onClose={() => setDeciding(null)} /> : null}
    </Card>
  );
}

function DecideDialog({ approval, decision, onClose }: { approval: ApprovalResponse; decision: Decision; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string[] | undefined>();
  const decide = useMutation({
    mutationFn: () => apiFetch<ApprovalResponse>(`/approvals/${approval.id}/${decision}`, { method: "POST", body: reason.trim() ? { reason: reason.trim() } : {} }),
    onSuccess: () => {
      toast.success(decision === "approve" ? `Approved ${approval.toolName}` : `Denied ${approval.toolName}`);
      void queryClient.invalidateQueries({ queryKey: queryKeys.approvals.all });
      onClose();
    },
    onError: (e) => {
      const fields = fieldErrorsOf(e);
      if (fields.reason) return setError(fields.reason);
      toast.error(errorMessage(e));
      if (e instanceof ApiError && e.status === 409) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.approvals.all });
        onClose();
      }
    },
  });
  const submit = () => {
    if (decision === "deny" && reason.trim() === "") return setError(["Say why the call is denied: the agent sees this reason."]);
    setError(undefined);
    decide.mutate();
  };
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{decision === "approve" ? "Approve this call?" : "Deny this call?"}</DialogTitle>
          <DialogDescription>
            {approval.identityName ?? approval.identityId} → <span className="font-mono">{approval.toolName}</span>.{" "}
            {decision === "approve" ? "The held call runs now, or the identical retry runs once." : "The agent receives your reason."}
          </DialogDescription>
        </DialogHeader>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
          className="flex flex-col gap-4"
        >
          <FormField label="Reason" error={error} required={decision === "deny"} description={decision === "approve" ? "Optional; kept in the history." : undefined}>
            <Textarea name="reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />
          </FormField>
          <DialogFooter>
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" variant={decision === "approve" ? "primary" : "destructive"} loading={decide.isPending}>
              {decision === "approve" ? "Approve" : "Deny"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function Countdown({ until }: { until: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, new Date(until).getTime() - now);
  const minutes = Math.floor(left / 60_000);
  const seconds = Math.floor((left % 60_000) / 1000);
  const text = left === 0 ? "expired" : `${minutes}:${String(seconds).padStart(2, "0")} left`;
  return (
    <span role="timer" className={left < 60_000 ? "text-sm font-medium text-red-700" : "text-sm text-muted-foreground"} aria-label={`Time left: ${text}`} data-testid="countdown">
      {text}
    </span>
  );
}

// Loaded when the tab opens (not with the page), so it is never older than the pending list.
function History() {
  const [status, setStatus] = useState<string>("all");
  const [tool, setTool] = useState("");
  const filters = { status: status === "all" ? undefined : status, tool: tool.trim() || undefined, limit: 50 };
  const history = useQuery({
    queryKey: queryKeys.approvals.list({ history: true, ...filters }),
    queryFn: ({ signal }) => apiFetch<Page<ApprovalResponse>>("/approvals", { query: filters, signal }),
  });
  const rows = history.data?.data ?? [];
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-3">
        <FormField label="Status" className="w-44">
          {(control) => (
            <Select value={status} onValueChange={setStatus}>
              <SelectTrigger {...control}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="all">All</SelectItem>
                {STATUSES.map((s) => (
                  <SelectItem key={s} value={s}>
                    {s}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        </FormField>
        <FormField label="Tool" className="w-56">
          <Input value={tool} onChange={(e) => setTool(e.target.value)} placeholder="exact tool name" />
        </FormField>
      </div>
      {history.error ? (
        <ErrorState message={errorMessage(history.error)} />
      ) : rows.length === 0 ? (
        <EmptyState icon={Inbox} title={history.isLoading ? "Loading…" : "No requests match"}>
          Change the filters to see more.
        </EmptyState>
      ) : (
        <TableContainer>
          <Table stacked aria-label="Approval history">
            <TableHeader>
              <TableRow>
                <TableHead>Requested</TableHead>
                <TableHead>Tool</TableHead>
                <TableHead>Identity</TableHead>
                <TableHead>Server</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Decided by</TableHead>
                <TableHead>Reason</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((row) => (
                <TableRow key={row.id}>
                  <TableCell label="Requested">
                    <DateTime value={row.requestedAt} />
                  </TableCell>
                  <TableCell stack="title" mono>{row.toolName}</TableCell>
                  <TableCell label="Identity">{row.identityName ?? row.identityId}</TableCell>
                  <TableCell label="Server">{row.serverName ?? row.serverId}</TableCell>
                  <TableCell label="Status">
                    <ApprovalStatusBadge status={row.status} />
                    {row.taskId ? (
                      <Badge tone="info" className="ml-1" title={`MCP task ${row.taskId}`}>
                        Task
                      </Badge>
                    ) : null}
                  </TableCell>
                  <TableCell label="Decided by">{row.decidedBy ?? "—"}</TableCell>
                  <TableCell label="Reason" className="max-w-64 truncate">{row.decisionReason ?? "—"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </div>
  );
}
