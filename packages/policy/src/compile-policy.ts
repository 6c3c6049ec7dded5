import { compileCondition } from "./compile-condition.ts";
import { parseDuration, parseWindow } from "./duration.ts";
import { compareGlobPrecedence, compileGlob, isGlob } from "./glob.ts";
import { parseIncrementPath } from "./path.ts";
import type { CompiledLimit, CompiledPolicy, CompiledPredicate, CompiledRules, CompiledTool } from "./plan.ts";
import { pointer } from "./pointer.ts";
import { predicateId } from "./predicate-id.ts";
import { rateLimitAsLimit } from "./shorthand.ts";
import type { AllToolsRules, Approval, Limit, PolicyDocument, Predicate, ToolRules } from "./schema.ts";
import type { ApprovalSettings } from "./types.ts";

export type { CompiledPolicy } from "./plan.ts";

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_HOLD_MS = 20_000;

/**
 * Builds the hot-path plan: paths parsed, regexes compiled, windows resolved, exact tool
 * names in a Map and globs pre-sorted by precedence. Expects a document from parsePolicy;
 * throws only when handed one that was never validated.
 */
export function compilePolicy(doc: PolicyDocument): CompiledPolicy {
  const approval = resolveApproval(doc.approval, null);
  const allTools = compileRules(doc.all_tools ?? {}, ["all_tools"]);
  const allToolsBlocks = blocksEverything(allTools);
  const exactTools = new Map<string, CompiledTool>();
  const globTools: CompiledTool[] = [];
  for (const [key, rules] of Object.entries(doc.tools ?? {})) {
    const compiled = compileToolRules(rules, key);
    const deny = rules.action === "deny" ? { rule: pointer("tools", key, "action"), reason: rules.reason ?? null } : null;
    const tool: CompiledTool = {
      key,
      glob: isGlob(key) ? compileGlob(key) : null,
      rules: compiled,
      approval: resolveApproval(rules.approval, approval),
      deny,
      neverAllowed: allToolsBlocks || deny !== null || blocksEverything(compiled),
      validateArguments: rules.validate_arguments ?? null,
    };
    if (tool.glob) globTools.push(tool);
    else exactTools.set(key, tool);
  }
  globTools.sort((a, b) => compareGlobPrecedence(a.key ?? "", b.key ?? ""));
  const hide = doc.hide ?? [];
  return {
    document: doc,
    defaultAllow: doc.default === "allow",
    shadow: doc.mode === "shadow",
    listCallable: doc.list === "callable",
    hideAll: hide.includes("*"),
    hiddenExact: new Set(hide.filter((h) => !isGlob(h))),
    hiddenGlobs: hide.filter(isGlob).map(compileGlob),
    exactTools,
    globTools,
    allTools,
    unlisted: { key: null, glob: null, rules: EMPTY_RULES, approval, deny: null, neverAllowed: allToolsBlocks, validateArguments: null },
    approval,
  };
}

const EMPTY_RULES: CompiledRules = { require: [], denyIf: [], approveIf: [], limits: [] };

function compileRules(rules: ToolRules | AllToolsRules, base: string[]): CompiledRules {
  return {
    require: compilePredicates(rules.require, [...base, "require"]),
    denyIf: compilePredicates(rules.deny_if, [...base, "deny_if"]),
    approveIf: compilePredicates(rules.approve_if, [...base, "approve_if"]),
    limits: (rules.limits ?? []).map((l) => compileLimit(l, pointer(...base, "limits", l.counter))),
  };
}

// The PolicyLayer shorthand compiles into the canonical plan: `require_approval` is an
// unconditional approve_if after the tool's own, `rate_limit` one more limit after the tool's
// own. Rules point at the shorthand as written. (`deny` is CompiledTool.deny: it comes first.)
function compileToolRules(rules: ToolRules, key: string): CompiledRules {
  const compiled = compileRules(rules, ["tools", key]);
  const extraApproval = rules.action === "require_approval" ? [always(pointer("tools", key, "action"), rules.reason ?? null)] : [];
  const extraLimit = rules.rate_limit ? [compileLimit(rateLimitAsLimit(key, rules.rate_limit), pointer("tools", key, "rate_limit"))] : [];
  if (extraApproval.length + extraLimit.length === 0) return compiled;
  return { ...compiled, approveIf: [...compiled.approveIf, ...extraApproval], limits: [...compiled.limits, ...extraLimit] };
}

function always(rule: string, onDeny: string | null): CompiledPredicate {
  return { id: "action", rule, onDeny, conditions: [], test: () => true };
}

function compilePredicates(list: readonly Predicate[] | undefined, base: string[]): CompiledPredicate[] {
  return (list ?? []).map((pred, index) => {
    const id = predicateId(pred, index);
    const conditions = pred.conditions.map(compileCondition);
    const tests = conditions.map((c) => c.test);
    return {
      id,
      rule: pointer(...base, id),
      onDeny: pred.on_deny ?? null,
      conditions,
      test:
        tests.length === 1
          ? (tests[0] as CompiledPredicate["test"])
          : (args, ctx) => {
              for (const t of tests) if (!t(args, ctx)) return false;
              return true;
            },
    };
  });
}

function compileLimit(limit: Limit, rule: string): CompiledLimit {
  const window = parseWindow(limit.window);
  if (!window) throw new Error(`compilePolicy: unknown window ${JSON.stringify(limit.window)} (validate with parsePolicy first)`);
  let incrementSegments: CompiledLimit["incrementSegments"] = null;
  if (limit.increment_from !== undefined) {
    const parsed = parseIncrementPath(limit.increment_from);
    if (!parsed.ok || parsed.path.source !== "args") throw new Error(`compilePolicy: ${parsed.ok ? "bad increment_from" : parsed.message}`);
    incrementSegments = parsed.path.segments;
  }
  return {
    rule,
    counter: limit.counter,
    scope: limit.scope,
    max: limit.max,
    window,
    algorithm: limit.algorithm ?? "fixed",
    incrementFrom: limit.increment_from ?? null,
    incrementSegments,
    scopePart: `:${limit.scope}:`,
    counterPart: `:${limit.counter}`,
  };
}

// Statically refused: an unconditional deny_if, or a fixed +1 limit whose max is below 1.
function blocksEverything(rules: CompiledRules): boolean {
  return rules.denyIf.some((p) => p.conditions.length === 0) || rules.limits.some((l) => l.incrementSegments === null && l.max < 1);
}

function resolveApproval(own: Approval | undefined, inherited: ApprovalSettings | null): ApprovalSettings {
  return {
    timeoutMs: (own?.timeout !== undefined ? parseDuration(own.timeout) : null) ?? inherited?.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    holdMs: (own?.hold !== undefined ? parseDuration(own.hold) : null) ?? inherited?.holdMs ?? DEFAULT_HOLD_MS,
    roles: own?.roles ?? inherited?.roles ?? [],
    mode: own?.mode ?? inherited?.mode ?? "task",
  };
}
