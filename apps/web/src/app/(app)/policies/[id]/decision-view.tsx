// A decision as the proxy would produce it: outcome, the rule that decided, the agent's message,
// and the explain trace (each rule, whether enforcement reached it, whether it fired).
import type { SimulationResult } from "@gatehouse/shared";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";

const OUTCOME: Record<string, { label: string; tone: BadgeTone }> = {
  allow: { label: "Allowed", tone: "success" },
  deny: { label: "Denied", tone: "danger" },
  approval_required: { label: "Needs approval", tone: "warning" },
};

export function OutcomeLabel({ outcome }: { outcome: string }) {
  const o = OUTCOME[outcome] ?? { label: outcome, tone: "neutral" as const };
  return <Badge tone={o.tone}>{o.label}</Badge>;
}

export function DecisionView({ result }: { result: SimulationResult }) {
  const { decision, trace } = result;
  return (
    <div className="space-y-3" data-testid="simulation-result">
      <div className="flex flex-wrap items-center gap-2">
        <OutcomeLabel outcome={decision.outcome} />
        {decision.shadow && (
          <span className="text-sm">
            shadow mode — would have been <OutcomeLabel outcome={decision.shadow.outcome} />
          </span>
        )}
        <span className="text-sm">
          Rule: <code className="font-mono text-xs" data-testid="decision-rule">{(decision.shadow?.rule ?? decision.rule) || "(no rule: allowed)"}</code>
        </span>
      </div>
      {(decision.shadow?.message ?? decision.message) && <p className="rounded-md bg-muted px-3 py-2 text-sm">{decision.shadow?.message ?? decision.message}</p>}
      {decision.violationPaths.length > 0 && (
        <p className="text-xs text-muted-foreground" data-testid="decision-violation-paths">
          Arguments that do not match the tool's inputSchema: <code className="font-mono">{decision.violationPaths.join(", ")}</code>
        </p>
      )}
      {decision.limits.length > 0 && (
        <p className="text-xs text-muted-foreground">
          Would reserve: {decision.limits.map((l) => `${l.amount} of ${l.max}/${l.window} on ${l.counter} (${l.scope})`).join("; ")}. Room in each window is checked by the limiter at call time.
        </p>
      )}
      <TableContainer>
        <Table aria-label="Explain trace">
          <TableHeader>
            <TableRow>
              <TableHead>Stage</TableHead>
              <TableHead>Rule</TableHead>
              <TableHead>Result</TableHead>
              <TableHead>Why</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {trace.map((step, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: trace steps are positional
              <TableRow key={`${step.stage}:${step.rule}:${i}`} className={step.decisive ? "bg-amber-50" : step.reached ? "" : "opacity-60"}>
                <TableCell className="text-xs">{step.stage}</TableCell>
                <TableCell>
                  <code className="font-mono text-xs">{step.rule || "—"}</code>
                </TableCell>
                <TableCell className="space-x-1">
                  {step.decisive && <Badge tone="warning">decided</Badge>}
                  {step.fired ? <Badge tone="danger">fired</Badge> : <Badge>passed</Badge>}
                  {!step.reached && <Badge>not reached</Badge>}
                </TableCell>
                <TableCell className="text-xs">
                  {step.reason}
                  {step.conditions?.map((c, j) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: conditions are positional
                    <div key={j} className="font-mono text-[11px] text-muted-foreground">
                      {c.path ?? c.op} {c.path ? `${c.op} ${JSON.stringify(c.value)}` : ""} → actual {JSON.stringify(c.actual)}: {String(c.result)}
                    </div>
                  ))}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </div>
  );
}
