// Replay: what would this draft have decided for the server's past tools/call requests? Decision
// logs keep argument keys and a hash, not values (DESIGN.md). A call whose arguments were captured
// (the server's opt-in argument capture, ADR 0011) is decided with them through `evaluate` and the
// server's argument validators — exactly what the proxy runs. Any other call is decided again only
// when the draft's answer cannot depend on argument values: tool-level rules, hides, the default,
// and predicates on identity, grant, server or time. Calls whose answer would need the values are
// counted and named per tool, never guessed. Limits are not replayed (no counters): a call the
// limiter refused counts as one the rules allowed.
//
// Argument validation runs with the server's validators (the simulator's, the proxy's). A call with
// captured arguments is validated again with them; for any other call the verdict is the one the
// proxy logged: rule `(invalid arguments)` with its violation paths means the arguments did not
// validate, anything else that they did (a call logged while validation was off for its tool is
// taken as valid).
import {
  type ArgumentValidators,
  type CompiledPolicy,
  type Decision,
  INVALID_ARGUMENTS_RULE,
  invalidArgumentsMessage,
  type Outcome,
  type TraceStep,
  evaluate,
  explain,
} from "@gatehouse/policy";
import { type ReplayReport, notFound } from "@gatehouse/shared";
import { captureAccess, loadCapturedArguments } from "../captured-arguments/load-captured-arguments.ts";
import type { ServiceContext } from "../context.ts";
import { evalContext } from "./eval-context.ts";

type LoggedOutcome = "allowed" | "denied" | "rate_limited" | "approval_pending" | "approval_denied" | "approval_expired" | "rejected" | "upstream_error";

const EXAMPLES_PER_CHANGE = 3;

/** What the rules decided, as the draft's outcomes name it. */
export function rulesOutcome(logged: LoggedOutcome): Outcome | null {
  if (logged === "allowed" || logged === "upstream_error" || logged === "rate_limited") return "allow";
  if (logged === "denied") return "deny";
  if (logged === "rejected") return null;
  return "approval_required";
}

export async function replayPolicy(
  ctx: ServiceContext,
  input: { plan: CompiledPolicy | null; server: { id: string; name: string }; validators?: ArgumentValidators | null; from: Date; to: Date; limit: number },
): Promise<ReplayReport> {
  const settings = await ctx.db.server.findFirst({
    where: { id: input.server.id, orgId: ctx.orgId },
    select: {
      captureArguments: true,
      captureRetentionDays: true,
    },
  });
  if (!settings) throw notFound("Server");
  const rows = await ctx.db.decisionLog.findMany({
    where: { orgId: ctx.orgId, serverId: input.server.id, method: "tools/call", toolName: { not: null }, outcome: { not: "rejected" }, createdAt: { gte: input.from, lte: input.to } },
    select: { id: true, createdAt: true, identityId: true, grantId: true, toolName: true, outcome: true, rule: true, violationPaths: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
  });
  const truncated = rows.length > input.limit;
  const logs = truncated ? rows.slice(0, input.limit) : rows;
  const identityIds = [...new Set(logs.map((l) => l.identityId).filter((id): id is string => id !== null))];
  const identities = new Map(
    (await ctx.db.identity.findMany({ where: { orgId: ctx.orgId, id: { in: identityIds } }, select: { id: true, name: true, kind: true, labels: true } })).map((i) => [i.id, i]),
  );
  const argumentCapture = captureAccess(ctx, settings);
  const captured = await loadCapturedArguments(ctx, { serverId: input.server.id, decisionIds: logs.map((l) => l.id), retentionDays: settings.captureRetentionDays });
  // The caller's validators: the server's accepted schemas, compiled as the proxy compiles them.
  const validators = input.validators ?? null;

  const changes = new Map<string, ReplayReport["changes"][number]>();
  const notEvaluated = new Map<string, { count: number; paths: Set<string> }>();
  let evaluated = 0;
  let evaluatedWithArguments = 0;
  let changed = 0;
  for (const log of logs) {
    const tool = log.toolName ?? "";
    const before = rulesOutcome(log.outcome);
    if (before === null) continue;
    const identity = log.identityId ? (identities.get(log.identityId) ?? null) : null;
    const evalCtx = evalContext(ctx.orgId, input.server, identity, log.grantId, log.createdAt.getTime());
    const args = captured.get(log.id);
    let decision: Decision;
    if (args) {
      decision = evaluate(input.plan, { name: tool, arguments: args }, evalCtx, validators);
      evaluatedWithArguments++;
    } else {
      const explained = explain(input.plan, { name: tool, arguments: {} }, evalCtx, loggedVerdict(validators, tool, log));
      const argPaths = argumentDependence(explained.trace);
      if (argPaths.length > 0) {
        const entry = notEvaluated.get(tool) ?? { count: 0, paths: new Set<string>() };
        entry.count++;
        for (const p of argPaths) entry.paths.add(p);
        notEvaluated.set(tool, entry);
        continue;
      }
      decision = explained.decision;
    }
    evaluated++;
    if (decision.outcome === before) continue;
    changed++;
    const key = JSON.stringify([tool, before, decision.outcome, decision.rule]);
    const group = changes.get(key) ?? { tool, before, after: decision.outcome, rule: decision.rule, count: 0, examples: [] };
    group.count++;
    if (group.examples.length < EXAMPLES_PER_CHANGE) {
      group.examples.push({ decisionLogId: log.id, createdAt: log.createdAt.toISOString(), identityId: log.identityId, identityName: identity?.name ?? null });
    }
    changes.set(key, group);
  }
  const why =
    argumentCapture === "withheld"
      ? "which your role may not evaluate (captured values are used for roles that write policies)"
      : argumentCapture === "on"
        ? "which were not captured for these calls"
        : "which are not captured (argument capture is off for this server)";
  return {
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    scanned: logs.length,
    evaluated,
    evaluatedWithArguments,
    argumentCapture,
    changed,
    unchanged: evaluated - changed,
    notEvaluated: logs.length - evaluated,
    truncated,
    changes: [...changes.values()].sort((a, b) => b.count - a.count || a.tool.localeCompare(b.tool)),
    notEvaluatedByTool: [...notEvaluated.entries()]
      .map(([tool, { count, paths }]) => ({ tool, count, reason: `the draft's decision depends on argument values (${[...paths].sort().join(", ")}), ${why}` }))
      .sort((a, b) => b.count - a.count || a.tool.localeCompare(b.tool)),
  };
}

/**
 * The server's validators with the tool's check replaced by the verdict the proxy logged for this
 * call (its values are not stored, so they cannot be validated again). Tools the server does not
 * validate stay as they are: not validated.
 */
function loggedVerdict(validators: ArgumentValidators | null, tool: string, log: { rule: string | null; violationPaths: string[] }): ArgumentValidators | null {
  if (!validators?.tools.get(tool)?.ok) return validators;
  const violations = log.rule === INVALID_ARGUMENTS_RULE ? (log.violationPaths.length > 0 ? log.violationPaths : [""]).map((path) => ({ path, message: `${path || "arguments"} did not validate` })) : [];
  const check = violations.length === 0 ? ({ ok: true } as const) : ({ ok: false, violations, message: invalidArgumentsMessage(tool, violations) } as const);
  return { mode: validators.mode, tools: new Map([[tool, { ok: true, validate: () => check }]]) };
}

/**
 * The argument paths the decision could hinge on: conditions on `args.` in any step enforcement
 * reached, and an `increment_from` that cannot be read (a limit step that fired).
 */
export function argumentDependence(trace: TraceStep[]): string[] {
  const paths = new Set<string>();
  for (const step of trace) {
    if (!step.reached) continue;
    if (step.stage === "limits" && step.fired) paths.add(step.rule);
    for (const c of step.conditions ?? []) {
      if (c.path?.startsWith("args")) paths.add(c.path);
      if (c.path === null) for (const p of nestedArgPaths(c.value)) paths.add(p);
    }
  }
  return [...paths];
}

function nestedArgPaths(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) nestedArgPaths(v, out);
  else if (typeof value === "object" && value !== null) {
    const path = (value as { path?: unknown }).path;
    if (typeof path === "string" && path.startsWith("args")) out.push(path);
    for (const v of Object.values(value)) nestedArgPaths(v, out);
  }
  return out;
}
