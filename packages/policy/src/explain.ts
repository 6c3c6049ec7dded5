import { type ArgumentValidators, checkArguments, INVALID_ARGUMENTS_RULE, invalidArgumentsMessage, toolValidationStatus } from "./argument-validation.ts";
import type { CompiledCondition } from "./compile-condition.ts";
import { evaluate, findTool, incrementOf, isHidden } from "./evaluate.ts";
import type { CompiledLimit, CompiledPolicy, CompiledPredicate, CompiledTool } from "./plan.ts";
import { pointer } from "./pointer.ts";
import { resolveAll } from "./resolve-path.ts";
import type { Decision, EvalContext, ToolCall } from "./types.ts";

export type TraceStage = "policy" | "hide" | "tool" | "action" | "arguments" | "require" | "deny_if" | "approve_if" | "limits" | "mode";

export type ConditionTrace = {
  /** Leaf: the path as written; null for any/not. */
  path: string | null;
  op: string;
  value: unknown;
  /** Every value the path resolved to ([] when it does not resolve). */
  actual: unknown[];
  result: boolean;
};

export type TraceStep = {
  stage: TraceStage;
  rule: string;
  /** Whether the rule's own test fired (require: failed; deny_if/approve_if: matched; hide: hidden; limits: cannot be counted). */
  fired: boolean;
  /** False when an earlier step had already decided, so enforcement never looked at it. */
  reached: boolean;
  /** This step produced the decision (or, in shadow mode, the would-be decision). */
  decisive: boolean;
  reason: string;
  conditions?: ConditionTrace[];
  /** `arguments` step that fired: the argument paths that did not validate (never values). */
  violationPaths?: string[];
};

/**
 * The decision (identical to evaluate's) plus every rule that applies to the call, each
 * evaluated in full, for the dashboard simulator. Slower than evaluate; not for the hot path.
 * `validators`: the server's compiled argument validators, the same the proxy installs.
 */
export function explain(plan: CompiledPolicy | null, call: ToolCall, ctx: EvalContext, validators: ArgumentValidators | null = null): { decision: Decision; trace: TraceStep[] } {
  const decision = evaluate(plan, call, ctx, validators);
  const decisiveRule = decision.shadow?.rule ?? decision.rule;
  const trace: TraceStep[] = [];
  let stopped = false;
  const add = (step: Omit<TraceStep, "reached" | "decisive">, stops: boolean) => {
    const decisive = !stopped && step.fired && step.rule === decisiveRule;
    trace.push({ ...step, reached: !stopped, decisive });
    if (decisive && stops) stopped = true;
  };
  if (plan === null) {
    add({ stage: "policy", rule: "(no policy)", fired: true, reason: "the grant has no policy: every call is denied" }, true);
    return { decision, trace };
  }
  const hidden = isHidden(plan, call.name);
  add({ stage: "hide", rule: "(hidden)", fired: hidden, reason: hidden ? "the tool is hidden by hide" : "the tool is not hidden" }, true);
  const tool = findTool(plan, call.name);
  if (tool === null && !plan.defaultAllow) {
    add({ stage: "tool", rule: "(default deny)", fired: true, reason: "no entry under tools matches and default is deny" }, true);
    return finish(plan, decision, trace);
  }
  const key = tool?.key ?? null;
  add(
    {
      stage: "tool",
      rule: key === null ? "" : pointer("tools", key),
      fired: false,
      reason: key === null ? "no entry under tools matches; default is allow" : tool?.glob ? `matched glob ${JSON.stringify(key)}` : "matched by exact name",
    },
    false,
  );
  if (tool?.deny) add({ stage: "action", rule: tool.deny.rule, fired: true, reason: '"action": "deny" refuses every call of this tool' }, true);
  const args = call.arguments ?? {};
  // The validation step shows when there is something to say: the server's validators were given,
  // or the tool rule sets validate_arguments.
  const governing = tool ?? plan.unlisted;
  if (validators !== null || governing.validateArguments !== null) add(argumentsStep(validators, governing, call.name, args), true);
  const all = plan.allTools;
  const own = (tool ?? plan.unlisted).rules;
  for (const p of [...all.require, ...own.require]) add(predicateStep("require", p, args, ctx, false), true);
  for (const p of [...all.denyIf, ...own.denyIf]) add(predicateStep("deny_if", p, args, ctx, true), true);
  for (const p of [...all.approveIf, ...own.approveIf]) add(predicateStep("approve_if", p, args, ctx, true), false);
  for (const l of [...own.limits, ...all.limits]) add(limitStep(l, args), true);
  return finish(plan, decision, trace);
}

function finish(plan: CompiledPolicy, decision: Decision, trace: TraceStep[]): { decision: Decision; trace: TraceStep[] } {
  if (plan.shadow) {
    trace.push({
      stage: "mode",
      rule: "",
      fired: decision.shadow !== null,
      reached: true,
      decisive: false,
      reason: decision.shadow ? `shadow mode: would have been ${decision.shadow.outcome}, allowed instead` : "shadow mode: would have been allowed",
    });
  }
  return { decision, trace };
}

function argumentsStep(validators: ArgumentValidators | null, tool: CompiledTool, name: string, args: Record<string, unknown>): Omit<TraceStep, "reached" | "decisive"> {
  const status = toolValidationStatus(validators, name, tool.validateArguments);
  const source = tool.validateArguments ? "validate_arguments" : "the server's argumentValidation";
  if (!status.validated) {
    const why =
      status.reason === "off"
        ? `not validated: ${source} is "off"`
        : status.reason === "no_schema"
          ? "not validated: the tool has no accepted inputSchema"
          : `not validated: ${status.warning ?? "its inputSchema did not compile"}`;
    return { stage: "arguments", rule: INVALID_ARGUMENTS_RULE, fired: false, reason: why };
  }
  const check = checkArguments(validators, name, args, status.mode);
  if (check === null || check.ok) return { stage: "arguments", rule: INVALID_ARGUMENTS_RULE, fired: false, reason: `the arguments match the tool's inputSchema (${status.mode})` };
  const paths = check.violations.map((v) => v.path);
  const consequence = status.mode === "enforce" ? "refused" : "shadow: logged, forwarded";
  return { stage: "arguments", rule: INVALID_ARGUMENTS_RULE, fired: true, reason: `${consequence}: ${invalidArgumentsMessage(name, check.violations)}`, violationPaths: paths };
}

function predicateStep(
  stage: "require" | "deny_if" | "approve_if",
  p: CompiledPredicate,
  args: Record<string, unknown>,
  ctx: EvalContext,
  firesOnMatch: boolean,
): Omit<TraceStep, "reached" | "decisive"> {
  const conditions = p.conditions.map((c) => conditionTrace(c, args, ctx));
  const matched = conditions.every((c) => c.result);
  const fired = firesOnMatch ? matched : !matched;
  const failing = conditions.findIndex((c) => !c.result);
  const reason =
    conditions.length === 0
      ? "no conditions: always matches"
      : matched
        ? `all ${conditions.length} condition(s) hold`
        : `condition ${failing} does not hold`;
  return { stage, rule: p.rule, fired, reason, conditions };
}

function conditionTrace(c: CompiledCondition, args: Record<string, unknown>, ctx: EvalContext): ConditionTrace {
  const result = c.test(args, ctx);
  const src = c.source;
  if ("any" in src) return { path: null, op: "any", value: src.any, actual: [], result };
  if ("not" in src) return { path: null, op: "not", value: src.not, actual: [], result };
  return { path: src.path, op: src.op, value: src.value, actual: c.path ? resolveAll(c.path, args, ctx) : [], result };
}

function limitStep(l: CompiledLimit, args: Record<string, unknown>): Omit<TraceStep, "reached" | "decisive"> {
  const amount = incrementOf(l, args);
  if (amount < 0) {
    return { stage: "limits", rule: l.rule, fired: true, reason: `${l.incrementFrom} is not a finite number ≥ 0: the call is denied` };
  }
  const scope = l.scope === "session" ? "session scope, the grant's bucket for a call without an MCP session" : `${l.scope} scope`;
  return {
    stage: "limits",
    rule: l.rule,
    fired: false,
    reason: `reserve ${amount} of ${l.max} per ${l.window.label} (${scope}, ${l.algorithm}); the limiter decides whether there is room`,
  };
}
