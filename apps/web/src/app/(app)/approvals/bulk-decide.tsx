"use client";
// Bulk decide for the inbox: pick several pending requests, approve or deny them with one reason
// (POST /api/v1/approvals/decide). Each request is decided on its own, so the answer can be mixed:
// what was not decided (decided meanwhile, expired, not yours to decide) stays on screen with why.
// Kept apart from the inbox's cards: the selection lives here, the cards do not know about it.
import type { ApprovalResponse, BulkDecideApprovalsResponse } from "@gatehouse/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Check, X } from "lucide-react";
import { useCallback, useId, useMemo, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage } from "@/lib/api/api-error";
import { apiFetch } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import { fieldErrorsOf } from "@/lib/field-errors";

type Decision = "approve" | "deny";

export type BulkSelection = {
  /** Selected ids that are still on screen, in the inbox's order. */
  selected: string[];
  isSelected(id: string): boolean;
  toggle(id: string, on: boolean): void;
  setAll(on: boolean): void;
  clear(): void;
  /** What the last bulk decision could not decide, one line each (kept here: the bar may unmount). */
  failures: string[];
  setFailures(lines: string[]): void;
};

/**
 * Selection over the requests the caller may decide. A request that leaves the list (decided
 * elsewhere, expired: the live feed removes it) leaves the selection with it.
 */
export function useBulkSelection(decidable: readonly ApprovalResponse[]): BulkSelection {
  const [picked, setPicked] = useState<ReadonlySet<string>>(() => new Set());
  const ids = useMemo(() => decidable.map((row) => row.id), [decidable]);
  const selected = useMemo(() => ids.filter((id) => picked.has(id)), [ids, picked]);
  const toggle = useCallback((id: string, on: boolean) => {
    setPicked((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const setAll = useCallback((on: boolean) => setPicked(on ? new Set(ids) : new Set()), [ids]);
  const clear = useCallback(() => setPicked(new Set()), []);
  const [failures, setFailures] = useState<string[]>([]);
  return { selected, isSelected: (id) => picked.has(id), toggle, setAll, clear, failures, setFailures };
}

/** The checkbox beside one request. */
export function SelectForBulk({ approval, selection }: { approval: ApprovalResponse; selection: BulkSelection }) {
  const who = approval.identityName ?? approval.identityId;
  const id = useId();
  return (
    // The label pads the 16px box into a finger-sized target.
    <label htmlFor={id} className="-m-2 flex cursor-pointer p-2 pt-7" data-testid="bulk-select">
      <Checkbox
        id={id}
        checked={selection.isSelected(approval.id)}
        onCheckedChange={(checked) => selection.toggle(approval.id, checked === true)}
        aria-label={`Select ${approval.toolName} from ${who}`}
      />
    </label>
  );
}

/** Select all, the count, and the two bulk actions; shown when the caller may decide anything. */
export function BulkDecideBar({ rows, selection }: { rows: readonly ApprovalResponse[]; selection: BulkSelection }) {
  // The chosen requests are fixed when the dialog opens: one decided elsewhere meanwhile is
  // reported back by the API rather than silently dropped.
  const [deciding, setDeciding] = useState<{ decision: Decision; chosen: ApprovalResponse[] } | null>(null);
  const count = selection.selected.length;
  const all = count > 0 && count === rows.length;
  const allId = useId();
  const open = (decision: Decision) => setDeciding({ decision, chosen: rows.filter((row) => selection.isSelected(row.id)) });
  return (
    <>
      {/* Sticky under the app header, so the actions stay in reach while picking down a long list. */}
      <div
        role="toolbar"
        aria-label="Decide several requests"
        className="sticky top-16 z-30 mb-3 flex flex-wrap items-center gap-x-4 gap-y-2 rounded-md border bg-card px-3 py-2 shadow-sm"
      >
        <label htmlFor={allId} className="flex cursor-pointer items-center gap-2 text-sm">
          <Checkbox id={allId} checked={all ? true : count > 0 ? "indeterminate" : false} onCheckedChange={(checked) => selection.setAll(checked === true)} aria-label="Select all pending requests" />
          <span aria-live="polite" data-testid="bulk-count">
            {count === 0 ? "Select requests to decide them together" : `${count} selected`}
          </span>
        </label>
        <div className="ml-auto flex flex-wrap gap-2">
          <Button size="sm" disabled={count === 0} onClick={() => open("approve")}>
            <Check aria-hidden className="size-4" /> Approve selected
          </Button>
          <Button size="sm" variant="destructive" disabled={count === 0} onClick={() => open("deny")}>
            <X aria-hidden className="size-4" /> Deny selected
          </Button>
        </div>
      </div>
      {deciding ? (
        <BulkDecideDialog
          decision={deciding.decision}
          chosen={deciding.chosen}
          onDone={(notDecided) => {
            selection.setFailures(notDecided);
            selection.clear();
            setDeciding(null);
          }}
          onClose={() => setDeciding(null)}
        />
      ) : null}
    </>
  );
}

/** What the last bulk decision left undecided, and why; stays until dismissed. */
export function BulkDecideFailures({ selection }: { selection: BulkSelection }) {
  const { failures } = selection;
  if (failures.length === 0) return null;
  return (
    <div role="alert" className="mb-3 rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-sm" data-testid="bulk-failures">
      <p className="font-medium">{failures.length === 1 ? "One request was not decided:" : `${failures.length} requests were not decided:`}</p>
      <ul className="mt-1 list-disc pl-5">
        {failures.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <Button size="sm" variant="ghost" className="mt-1" onClick={() => selection.setFailures([])}>
        Dismiss
      </Button>
    </div>
  );
}

function BulkDecideDialog({
  decision,
  chosen,
  onDone,
  onClose,
}: {
  decision: Decision;
  chosen: ApprovalResponse[];
  onDone: (notDecided: string[]) => void;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string[] | undefined>();
  const [formError, setFormError] = useState<string | undefined>();
  const decide = useMutation({
    mutationFn: () =>
      apiFetch<BulkDecideApprovalsResponse>("/approvals/decide", {
        method: "POST",
        body: { ids: chosen.map((row) => row.id), decision, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      }),
    onSuccess: ({ results }) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.approvals.all });
      const done = results.filter((r) => r.ok).length;
      if (done > 0) toast.success(`${decision === "approve" ? "Approved" : "Denied"} ${done} ${done === 1 ? "request" : "requests"}`);
      const byId = new Map(chosen.map((row) => [row.id, row]));
      onDone(
        results
          .filter((r) => !r.ok)
          .map((r) => {
            const row = byId.get(r.id);
            const what = row ? `${row.toolName} from ${row.identityName ?? row.identityId}` : r.id;
            return `${what}: ${r.error?.message ?? "not decided"}`;
          }),
      );
    },
    onError: (e) => {
      const fields = fieldErrorsOf(e);
      if (fields.reason) return setError(fields.reason);
      setFormError(errorMessage(e));
    },
  });
  const submit = () => {
    if (decision === "deny" && reason.trim() === "") return setError(["Say why the calls are denied: the agents see this reason."]);
    setError(undefined);
    setFormError(undefined);
    decide.mutate();
  };
  const n = chosen.length;
  const noun = n === 1 ? "call" : "calls";
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{decision === "approve" ? `Approve ${n} ${noun}?` : `Deny ${n} ${noun}?`}</DialogTitle>
          <DialogDescription>
            {decision === "approve" ? "Each held call runs now, or its identical retry runs once." : "Each agent receives your reason."} One reason for all of them:
          </DialogDescription>
        </DialogHeader>
        <ul aria-label="Chosen requests" className="max-h-40 overflow-auto rounded-md border px-3 py-2 text-sm">
          {chosen.map((row) => (
            <li key={row.id} className="py-0.5">
              <span className="block truncate">
                <span className="font-mono">{row.toolName}</span> · {row.identityName ?? row.identityId} on {row.serverName ?? row.serverId}
              </span>
              {/* Identical tool and agent are common in a batch: the arguments tell them apart. */}
              <span className="block truncate font-mono text-xs text-muted-foreground">{argumentsPreview(row)}</span>
            </li>
          ))}
        </ul>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
          className="flex flex-col gap-4"
        >
          <FormField label="Reason" error={error} required={decision === "deny"} description={decision === "approve" ? "Optional; kept in the history of each request." : undefined}>
            <Textarea name="reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />
          </FormField>
          <FormError message={formError} />
          <DialogFooter>
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" variant={decision === "approve" ? "primary" : "destructive"} loading={decide.isPending}>
              {decision === "approve" ? `Approve ${n}` : `Deny ${n}`}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** One short line of the arguments (the dialog shows only requests the caller may decide, so may see). */
function argumentsPreview(row: ApprovalResponse): string {
  if (row.arguments === null || row.arguments === undefined) return row.argKeys.join(", ");
  const text = JSON.stringify(row.arguments);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
