import type { Limit, Predicate } from "./schema.ts";
import type { PolicyIssue } from "./types.ts";

// Converts one Intercept tool entry (`tools.<name>.rules[]`) into Gatehouse rule lists.
// Intercept semantics: "evaluate" rules pass when all conditions hold (→ require), "deny"
// rules always deny (→ deny_if with no conditions), "require_approval" asks a human (→
// approve_if), and `state.<scope>.<counter>` conditions with a `state` block are quotas
// (→ limits; Intercept reserves post-increment, so `lte N` is max N).

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const WINDOWS = new Set(["minute", "hour", "day"]);
const RULE_KEYS = new Set(["name", "action", "conditions", "on_deny", "state", "rate_limit"]);

export type ConvertedRules = { require: Predicate[]; deny_if: Predicate[]; approve_if: Predicate[]; limits: Limit[] };

type StateBlock = { counter: string; window: string; increment: number; incrementFrom: string | undefined; used: boolean; rule: string };

export function convertRules(tool: string, rules: unknown, base: string, warnings: string[], errors: PolicyIssue[]): ConvertedRules {
  const out: ConvertedRules = { require: [], deny_if: [], approve_if: [], limits: [] };
  if (rules === undefined || rules === null) return out;
  if (!Array.isArray(rules)) {
    errors.push({ path: base, message: "rules must be a list" });
    return out;
  }
  const scopeName = tool === "*" ? "_global" : tool;
  const counterPrefix = `${scopeName.replace(/[/~:]/g, "_")}.`;
  const states = collectStates(rules, base, errors);
  for (const [i, rule] of rules.entries()) {
    const at = `${base}[${i}]`;
    if (!isObj(rule)) {
      errors.push({ path: at, message: "a rule must be a mapping" });
      continue;
    }
    for (const key of Object.keys(rule)) if (!RULE_KEYS.has(key)) errors.push({ path: `${at}.${key}`, message: `unknown rule field "${key}"` });
    if (typeof rule.name !== "string" || rule.name === "") {
      errors.push({ path: `${at}.name`, message: "rule must have a name" });
      continue;
    }
    const id = slug(rule.name);
    const onDeny = typeof rule.on_deny === "string" ? rule.on_deny : undefined;
    const action = rule.action ?? "evaluate";
    const conditions = Array.isArray(rule.conditions) ? rule.conditions : [];
    if (rule.conditions !== undefined && !Array.isArray(rule.conditions)) errors.push({ path: `${at}.conditions`, message: "conditions must be a list" });

    const reject = (path: string, message: string) => errors.push({ path, message });
    if (rule.rate_limit !== undefined) {
      const m = typeof rule.rate_limit === "string" ? /^\s*([1-9]\d*)\s*\/\s*(\w+)\s*$/.exec(rule.rate_limit) : null;
      if (action !== "evaluate") reject(`${at}.rate_limit`, `rate_limit cannot be used with action "${String(action)}"`);
      else if (rule.conditions !== undefined || rule.state !== undefined) reject(`${at}.rate_limit`, "rate_limit cannot be combined with conditions or state");
      else if (!m || !WINDOWS.has(m[2] ?? "")) {
        reject(`${at}.rate_limit`, `rate_limit must be "<count>/<minute|hour|day>", got ${JSON.stringify(rule.rate_limit)}`);
      } else {
        out.limits.push({ counter: `${counterPrefix}_rate_${m[2]}`, window: m[2] as string, max: Number(m[1]), scope: "grant" });
        if (onDeny) warnings.push(`${at}.on_deny: dropped; a rate-limited call gets Gatehouse's [RATE LIMITED] message with a retry time`);
      }
      continue;
    }
    if (action === "deny") {
      if (conditions.length > 0) reject(`${at}.conditions`, "deny rules must not have conditions");
      else out.deny_if.push(withMessage({ id, conditions: [] }, onDeny));
      continue;
    }
    if (action !== "evaluate" && action !== "require_approval") {
      reject(`${at}.action`, `action must be "evaluate", "deny" or "require_approval", got ${JSON.stringify(action)}`);
      continue;
    }
    const argConditions: Predicate["conditions"] = [];
    conditions.forEach((cond, j) => {
      const cat = `${at}.conditions[${j}]`;
      const path = isObj(cond) ? cond.path : undefined;
      if (typeof path === "string" && path.startsWith("state.")) {
        const limit = stateLimit(cond as Obj, path, scopeName, counterPrefix, states, cat, warnings, errors);
        if (limit) out.limits.push(limit);
        if (onDeny) warnings.push(`${cat}: on_deny of a quota is dropped; a rate-limited call gets Gatehouse's [RATE LIMITED] message`);
      } else if (isObj(cond)) {
        argConditions.push(cond as Predicate["conditions"][number]);
      } else errors.push({ path: cat, message: "a condition must be a mapping" });
    });
    if (action === "require_approval") out.approve_if.push(withMessage({ id, conditions: argConditions }, onDeny));
    else if (argConditions.length > 0) out.require.push(withMessage({ id, conditions: argConditions }, onDeny));
    else if (conditions.length === 0 && rule.state === undefined) errors.push({ path: `${at}.conditions`, message: "evaluate rules must have at least one condition" });
  }
  for (const s of states.values()) {
    if (!s.used) warnings.push(`${s.rule}.state: counter "${s.counter}" is counted but no condition limits it; dropped`);
  }
  dedupeIds(out.require);
  dedupeIds(out.deny_if);
  dedupeIds(out.approve_if);
  return out;
}

function collectStates(rules: unknown[], base: string, errors: PolicyIssue[]): Map<string, StateBlock> {
  const states = new Map<string, StateBlock>();
  for (const [i, rule] of rules.entries()) {
    if (!isObj(rule) || rule.state === undefined) continue;
    const at = `${base}[${i}].state`;
    const s = rule.state;
    if (!isObj(s) || typeof s.counter !== "string" || s.counter === "") {
      errors.push({ path: `${at}.counter`, message: "counter must not be empty" });
      continue;
    }
    if (typeof s.window !== "string" || !WINDOWS.has(s.window)) {
      errors.push({ path: `${at}.window`, message: `window must be "minute", "hour", or "day", got ${JSON.stringify(s.window)}` });
      continue;
    }
    if (s.increment_from !== undefined && (typeof s.increment_from !== "string" || !s.increment_from.startsWith("args."))) {
      errors.push({ path: `${at}.increment_from`, message: `increment_from must start with "args.", got ${JSON.stringify(s.increment_from)}` });
      continue;
    }
    const increment = s.increment === undefined ? 1 : s.increment;
    if (typeof increment !== "number" || !(increment > 0)) {
      errors.push({ path: `${at}.increment`, message: "increment must be a positive number" });
      continue;
    }
    if (states.has(s.counter)) {
      errors.push({ path: `${at}.counter`, message: `duplicate state counter "${s.counter}"` });
      continue;
    }
    states.set(s.counter, {
      counter: s.counter,
      window: s.window,
      increment,
      incrementFrom: s.increment_from as string | undefined,
      used: false,
      rule: `${base}[${i}]`,
    });
  }
  return states;
}

function stateLimit(
  cond: Obj,
  path: string,
  scopeName: string,
  counterPrefix: string,
  states: Map<string, StateBlock>,
  at: string,
  warnings: string[],
  errors: PolicyIssue[],
): Limit | null {
  const [, scope, counter] = path.split(".");
  const state = counter === undefined ? undefined : states.get(counter);
  if (scope !== scopeName || !state) {
    errors.push({ path: `${at}.path`, message: `condition references ${path} but no matching state block found` });
    return null;
  }
  state.used = true;
  const value = cond.value;
  if ((cond.op !== "lte" && cond.op !== "lt") || typeof value !== "number") {
    warnings.push(`${at}: only "lte"/"lt" with a number on a counter become a Gatehouse limit; "${String(cond.op)}" was dropped`);
    return null;
  }
  let max = cond.op === "lte" ? value : Math.ceil(value) - 1;
  if (cond.op === "lt" && (state.incrementFrom !== undefined || !Number.isInteger(value))) {
    warnings.push(`${at}: "lt ${value}" became max ${max}, which is exact only for whole-number amounts`);
  }
  if (state.incrementFrom === undefined && state.increment !== 1) {
    const scaled = Math.floor(max / state.increment);
    warnings.push(`${at}: increment ${state.increment} is not supported; the limit counts calls instead, max ${max} → ${scaled} calls`);
    max = scaled;
  } else if (state.incrementFrom !== undefined && state.increment !== 1) {
    warnings.push(`${at}: increment is ignored because increment_from is set`);
  }
  const limit: Limit = { counter: `${counterPrefix}${state.counter}`, window: state.window, max: Math.max(0, max), scope: "grant" };
  if (state.incrementFrom !== undefined) limit.increment_from = state.incrementFrom;
  return limit;
}

function withMessage(p: Predicate, onDeny: string | undefined): Predicate {
  return onDeny === undefined ? p : { ...p, on_deny: onDeny };
}

function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return s === "" ? "rule" : s;
}

function dedupeIds(list: Predicate[]): void {
  const seen = new Set<string>();
  for (const p of list) {
    let id = p.id ?? "rule";
    for (let n = 2; seen.has(id); n++) id = `${p.id}-${n}`;
    seen.add(id);
    p.id = id;
  }
}
