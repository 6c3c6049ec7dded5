"use client";
// One decision in a side drawer: what was called, what decided it, with which policy and bundle,
// how long it took, and the approval it waits on. Argument values are never stored: keys, a
// hash, and for an `(invalid arguments)` decision the paths that did not validate are.
import type { DecisionLogResponse } from "@gatehouse/shared";
import Link from "next/link";
import type { ReactNode } from "react";
import { OutcomeBadge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { DateTime } from "@/components/ui/date-time";
import { Sheet, SheetContent, SheetDescription, SheetTitle } from "@/components/ui/sheet";
import type { NameLookup } from "./decision-log-table";

type Props = { row: DecisionLogResponse | null; names: NameLookup; onClose: () => void };

export function DecisionDetail({ row, names, onClose }: Props) {
  return (
    <Sheet open={row !== null} onOpenChange={(open) => !open && onClose()}>
      <SheetContent side="right" className="w-[30rem] max-w-[95vw]" data-testid="decision-detail">
        {row && (
          <>
            <div className="pr-8">
              <SheetTitle className="font-mono text-base font-semibold break-all">{row.toolName ?? row.method}</SheetTitle>
              <SheetDescription className="mt-1 flex items-center gap-2 text-sm text-muted-foreground">
                <OutcomeBadge outcome={row.outcome} />
                <DateTime value={row.createdAt} />
              </SheetDescription>
            </div>
            <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-2 text-sm">
              <Field label="Rule" mono>{row.rule}</Field>
              <Field label="Message">{row.message}</Field>
              {row.shadowOutcome && (
                <Field label="Shadow outcome">
                  <OutcomeBadge outcome={row.shadowOutcome} /> <span className="text-xs text-muted-foreground">(what the shadow policy would have done)</span>
                </Field>
              )}
              <Field label="Method" mono>{row.method}</Field>
              <Field label="Argument keys" mono>{row.argKeys.length > 0 ? row.argKeys.join(", ") : null}</Field>
              {row.violationPaths.length > 0 && (
                <Field label="Invalid arguments" mono>
                  <span data-testid="decision-violation-paths">{row.violationPaths.join(", ")}</span>
                </Field>
              )}
              <Field label="Arguments hash" mono copy={row.argsHash}>{row.argsHash ? `${row.argsHash.slice(0, 16)}…` : null}</Field>
              <Field label="Server">{names.server(row.serverId) ?? row.serverId}</Field>
              <Field label="Identity">{names.identity(row.identityId) ?? row.identityId ?? row.tokenPrefix}</Field>
              <Field label="Policy" mono>{row.policyId}</Field>
              <Field label="Policy version" mono>{row.policyVersionId}</Field>
              <Field label="Bundle revision">{row.bundleRevision}</Field>
              <Field label="Proxy overhead">{ms(row.proxyLatencyMs)}</Field>
              <Field label="Upstream">{row.upstreamStatus === null ? ms(row.upstreamLatencyMs) : `${row.upstreamStatus} in ${ms(row.upstreamLatencyMs) ?? "—"}`}</Field>
              <Field label="Approval">
                {row.approvalId ? (
                  <Link className="text-primary underline-offset-2 hover:underline" href={`/approvals?id=${encodeURIComponent(row.approvalId)}`}>
                    {row.approvalId}
                  </Link>
                ) : null}
              </Field>
              <Field label="MCP task" mono copy={taskOf(row.message)}>
                {taskOf(row.message)}
              </Field>
              <Field label="Request id" mono copy={row.requestId}>{row.requestId}</Field>
              <Field label="Decision id" mono copy={row.id}>{row.id}</Field>
            </dl>
          </>
        )}
      </SheetContent>
    </Sheet>
  );
}

/**
 * The MCP task a decision belongs to: the proxy names it in the message of the call that became
 * a task and of the approved call it ran (ADR 0010), next to the approval id.
 */
function taskOf(message: string | null): string | null {
  return message?.match(/\btask ((?:tsk|upt)_[0-9a-z]+)/)?.[1] ?? null;
}

function Field({ label, children, mono = false, copy }: { label: string; children: ReactNode; mono?: boolean; copy?: string | null }) {
  const empty = children === null || children === undefined || children === "";
  return (
    <>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className={mono ? "flex items-center gap-1 font-mono text-xs break-all" : "flex items-center gap-1"}>
        {empty ? <span className="text-muted-foreground">—</span> : children}
        {copy && <CopyButton value={copy} label={`Copy ${label.toLowerCase()}`} size="icon" />}
      </dd>
    </>
  );
}

const ms = (value: number | null) => (value === null ? null : `${value.toFixed(1)} ms`);
