"use client";
// Replay: decide the server's past calls again with the draft and show what would change, by
// tool and rule with examples — how many were decided with captured arguments (the server's
// opt-in argument capture), and which could not be decided because the draft's answer depends on
// argument values that were not captured.
import type { SimulateResponse } from "@gatehouse/shared";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { errorMessage } from "@/lib/api/api-error";
import { apiFetch } from "@/lib/api/api-fetch";
import type { Doc } from "@/lib/policy-editor/builder-model";
import { OutcomeLabel } from "./decision-view";

const CAPTURE_NOTE = {
  on: "Argument capture is on for this server: calls with captured arguments were decided with their real values.",
  off: "Argument capture is off for this server, so only what can be decided without argument values was replayed. Turn it on in the server's settings.",
  withheld: "This server captures arguments, but only admins and policy managers replay with them; this replay decided without argument values.",
} as const;

const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

export function ReplayPanel({ policyId, draft }: { policyId: string; draft: Doc | null }) {
  const [from, setFrom] = useState(() => local(new Date(Date.now() - 7 * 24 * 3600_000)));
  const [to, setTo] = useState(() => local(new Date(Date.now() + 60_000)));
  const run = useMutation({
    mutationFn: () =>
      apiFetch<SimulateResponse>(`/policies/${policyId}/simulate`, {
        method: "POST",
        body: { document: draft, replay: { from: new Date(from).toISOString(), to: new Date(to).toISOString() } },
      }),
  });
  const report = run.data?.replay;
  return (
    <div className="space-y-4">
      <Card>
        <CardHeader>
          <CardTitle>What would this draft have done?</CardTitle>
          <CardDescription>
            Decides the server's recorded tools/call requests again with the draft. Calls whose arguments were captured (argument capture, in the server's settings) are
            decided with their real values; for the others, calls whose decision depends on argument values are counted, not guessed. Limits are not replayed.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <form
            className="flex flex-wrap items-end gap-3 text-sm"
            aria-label="Replay"
            onSubmit={(e) => {
              e.preventDefault();
              run.mutate();
            }}
          >
            <div className="space-y-1">
              <label htmlFor="replay-from" className="block font-medium">
                From
              </label>
              <Input id="replay-from" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
            </div>
            <div className="space-y-1">
              <label htmlFor="replay-to" className="block font-medium">
                To
              </label>
              <Input id="replay-to" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
            </div>
            <Button type="submit" loading={run.isPending} disabled={!draft}>
              Replay the draft
            </Button>
            {!draft && <span className="text-xs text-muted-foreground">Fix the draft's errors first.</span>}
          </form>
          {run.isError && (
            <p role="alert" className="mt-2 text-sm text-destructive">
              {errorMessage(run.error)}
            </p>
          )}
        </CardContent>
      </Card>

      {report && (
        <div className="space-y-4" data-testid="replay-report">
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
            {[
              ["Calls in range", report.scanned],
              ["Would change", report.changed],
              ["Unchanged", report.unchanged],
              ["With captured arguments", report.evaluatedWithArguments],
              ["Could not be decided", report.notEvaluated],
            ].map(([label, value]) => (
              <div key={label} className="rounded-lg border border-border bg-card p-3">
                <dt className="text-xs text-muted-foreground">{label}</dt>
                <dd className="text-2xl font-semibold" data-testid={`replay-${String(label).toLowerCase().replaceAll(" ", "-")}`}>
                  {value}
                </dd>
              </div>
            ))}
          </dl>
          <p className="text-xs text-muted-foreground" data-testid="replay-capture-note">
            {CAPTURE_NOTE[report.argumentCapture]}
          </p>
          {report.truncated && <p className="text-xs text-muted-foreground">Only the most recent calls of the range were replayed; narrow the range to see all.</p>}
          {report.changes.length > 0 ? (
            <TableContainer>
              <Table aria-label="Decisions that would change">
                <TableHeader>
                  <TableRow>
                    <TableHead>Tool</TableHead>
                    <TableHead>Was</TableHead>
                    <TableHead>Would be</TableHead>
                    <TableHead>Rule</TableHead>
                    <TableHead>Calls</TableHead>
                    <TableHead>Examples</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {report.changes.map((c) => (
                    <TableRow key={`${c.tool}:${c.before}:${c.after}:${c.rule}`}>
                      <TableCell className="font-mono text-xs">{c.tool}</TableCell>
                      <TableCell>
                        <OutcomeLabel outcome={c.before} />
                      </TableCell>
                      <TableCell>
                        <OutcomeLabel outcome={c.after} />
                      </TableCell>
                      <TableCell className="font-mono text-xs">{c.rule || "—"}</TableCell>
                      <TableCell>{c.count}</TableCell>
                      <TableCell className="text-xs">
                        {c.examples.map((e) => (
                          <div key={e.decisionLogId}>
                            <DateTime value={e.createdAt} /> {e.identityName ?? "unknown identity"}
                          </div>
                        ))}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          ) : (
            <p className="text-sm text-muted-foreground">No decision that could be replayed would change.</p>
          )}
          {report.notEvaluatedByTool.length > 0 && (
            <TableContainer>
              <Table aria-label="Calls that could not be decided">
                <TableHeader>
                  <TableRow>
                    <TableHead>Tool</TableHead>
                    <TableHead>Calls</TableHead>
                    <TableHead>Why</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {report.notEvaluatedByTool.map((n) => (
                    <TableRow key={n.tool}>
                      <TableCell className="font-mono text-xs">{n.tool}</TableCell>
                      <TableCell>{n.count}</TableCell>
                      <TableCell className="text-xs">{n.reason}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )}
        </div>
      )}
    </div>
  );
}
