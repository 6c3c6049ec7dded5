import { type ArgumentValidators, checkArguments, effectiveValidationMode, INVALID_ARGUMENTS_RULE, invalidArgumentsMessage } from "./argument-validation.ts";
import { messages } from "./messages.ts";
import type { CompiledLimit, CompiledPolicy, CompiledPredicate, CompiledTool } from "./plan.ts";
import { MISSING, resolveArgs } from "./resolve-path.ts";
import type { Decision, EvalContext, Outcome, Reservation, ToolCall } from "./types.ts";

const NONE: Reservation[] = [];
Object.freeze(NONE);
const GRANT_PART = ":grant:";
const EMPTY_ARGS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * The policy decision for one tools/call, following POLICY-LANGUAGE.md "Evaluation order".
 * Pure and synchronous; quota itself is reserved by the caller from `reservations`.
 */
export function evaluate(plan: CompiledPolicy | null, call: ToolCall, ctx: EvalContext, validators: ArgumentValidators | null = null): Decision {
  if (plan === null) return deny("(no policy)", messages.noPolicy(call.name));
  const decision = decide(plan, call, ctx, validators);
  if (!plan.shadow || decision.outcome === "allow") return decision;
  // Shadow: the agent is unaffected; the would-be decision rides along for the log. Limits
  // the would-be decision would reserve are still returned so the limiter can report what
  // would have been rate limited (the proxy must not refuse on them in shadow mode).
  return {
    outcome: "allow",
    rule: "",
    message: "",
    reservations: decision.reservations,
    approval: null,
    shadow: { outcome: decision.outcome, rule: decision.rule, message: decision.message, ...(decision.violationPaths ? { violationPaths: decision.violationPaths } : {}) },
  };
}

/** The tool entry that governs `name`: exact key, else the most specific glob, else null. */
export function findTool(plan: CompiledPolicy, name: string): CompiledTool | null {
  const exact = plan.exactTools.get(name);
  if (exact) return exact;
  for (const tool of plan.globTools) if (tool.glob?.test(name)) return tool;
  return null;
}

export function isHidden(plan: CompiledPolicy, name: string): boolean {
  if (plan.hideAll || plan.hiddenExact.has(name)) return true;
  for (const glob of plan.hiddenGlobs) if (glob.test(name)) return true;
  return false;
}

function decide(plan: CompiledPolicy, call: ToolCall, ctx: EvalContext, validators: ArgumentValidators | null): Decision {
  const name = call.name;
  if (isHidden(plan, name)) return deny("(hidden)", messages.hidden(name));
  const tool = findTool(plan, name) ?? (plan.defaultAllow ? plan.unlisted : null);
  if (tool === null) return deny("(default deny)", messages.defaultDeny(name));
  if (tool.deny !== null) return deny(tool.deny.rule, tool.deny.reason ?? messages.action(name, tool.deny.rule));
  const args = call.arguments ?? EMPTY_ARGS;
  // Argument validation against the tool's accepted inputSchema (compiled once per bundle):
  // after default deny, before require. Enforced → refused; shadow → noted, evaluation goes on.
  // The tool rule's `validate_arguments` overrides the server's mode.
  const mode = effectiveValidationMode(validators, tool.validateArguments);
  const check = checkArguments(validators, name, args, mode);
  let argumentShadow: Decision["argumentShadow"];
  if (check !== null && !check.ok) {
    const message = invalidArgumentsMessage(name, check.violations);
    const violationPaths = check.violations.map((v) => v.path);
    if (mode === "enforce") return { ...deny(INVALID_ARGUMENTS_RULE, message), violationPaths };
    argumentShadow = { outcome: "deny", rule: INVALID_ARGUMENTS_RULE, message, violationPaths };
  }
  const decided = decideRules(plan, tool, name, args, ctx);
  return argumentShadow ? { ...decided, argumentShadow } : decided;
}

function decideRules(plan: CompiledPolicy, tool: CompiledTool, name: string, args: Record<string, unknown>, ctx: EvalContext): Decision {
  const all = plan.allTools;
  const own = tool.rules;

  const failed = firstFailing(all.require, args, ctx) ?? firstFailing(own.require, args, ctx);
  if (failed) return deny(failed.rule, failed.onDeny ?? messages.require(name, failed.rule));
  const matched = firstMatching(all.denyIf, args, ctx) ?? firstMatching(own.denyIf, args, ctx);
  if (matched) return deny(matched.rule, matched.onDeny ?? messages.denyIf(name, matched.rule));
  const approval = firstMatching(all.approveIf, args, ctx) ?? firstMatching(own.approveIf, args, ctx);

  let reservations = NONE;
  if (own.limits.length + all.limits.length > 0) {
    reservations = [];
    for (const limits of [own.limits, all.limits]) {
      for (const limit of limits) {
        const amount = incrementOf(limit, args);
        if (amount < 0) return deny(limit.rule, messages.badIncrement(name, limit.rule, limit.incrementFrom ?? ""));
        reservations.push(reserve(limit, amount, ctx));
      }
    }
  }
  if (approval) {
    return {
      outcome: "approval_required",
      rule: approval.rule,
      message: approval.onDeny ?? messages.approval(name, approval.rule),
      reservations,
      approval: tool.approval,
      shadow: null,
    };
  }
  return { outcome: "allow", rule: "", message: "", reservations, approval: null, shadow: null };
}

function firstFailing(list: readonly CompiledPredicate[], args: Record<string, unknown>, ctx: EvalContext): CompiledPredicate | null {
  for (const p of list) if (!p.test(args, ctx)) return p;
  return null;
}

function firstMatching(list: readonly CompiledPredicate[], args: Record<string, unknown>, ctx: EvalContext): CompiledPredicate | null {
  for (const p of list) if (p.test(args, ctx)) return p;
  return null;
}

/** 1, or the number at increment_from; -1 when that is not a finite number ≥ 0. */
export function incrementOf(limit: CompiledLimit, args: Record<string, unknown>): number {
  if (limit.incrementSegments === null) return 1;
  const v = resolveArgs(args, limit.incrementSegments);
  if (v === MISSING || typeof v !== "number" || !Number.isFinite(v) || v < 0) return -1;
  return v === 0 ? 0 : v; // -0 → 0
}

function reserve(limit: CompiledLimit, amount: number, ctx: EvalContext): Reservation {
  let scope = limit.scope;
  let scopePart = limit.scopePart;
  let scopeKey: string;
  if (scope === "session") {
    const session = ctx.session?.id;
    if (session) scopeKey = session;
    else {
      // No MCP session: the grant's bucket, shared by every sessionless call of the grant.
      scope = "grant";
      scopePart = GRANT_PART;
      scopeKey = ctx.grant.id;
    }
  } else scopeKey = scope === "grant" ? ctx.grant.id : scope === "identity" ? ctx.identity.id : scope === "server" ? ctx.server.id : ctx.orgId;
  return {
    rule: limit.rule,
    counter: limit.counter,
    scope,
    scopeKey,
    bucketKey: ctx.orgId + scopePart + scopeKey + limit.counterPart,
    amount,
    max: limit.max,
    window: limit.window,
    algorithm: limit.algorithm,
  };
}

function deny(rule: string, message: string): Decision {
  return { outcome: "deny" satisfies Outcome, rule, message, reservations: NONE, approval: null, shadow: null };
}
