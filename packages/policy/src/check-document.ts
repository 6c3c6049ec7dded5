import { parseDuration, parseWindow, WINDOW_HINT } from "./duration.ts";
import { HARD_LIMITS } from "./hard-limits.ts";
import type { IssuePath } from "./issue-path.ts";
import { formatIssuePath } from "./issue-path.ts";
import { COUNTER_FORBIDDEN, checkShorthand } from "./check-shorthand.ts";
import { checkOperatorValue, OPERATORS, type Operator } from "./operators.ts";
import { parseIncrementPath, parsePath } from "./path.ts";
import { predicateId } from "./predicate-id.ts";
import { compileRegex } from "./regex.ts";
import type { PolicyIssue } from "./types.ts";

// Checks JSON Schema cannot express. It walks the raw input defensively (every field may
// have the wrong type, zod reports that) so these issues are reported in the same pass as
// the structural ones: the author sees every error at once.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const LISTS = ["require", "deny_if", "approve_if"] as const;

export function checkDocument(doc: unknown): PolicyIssue[] {
  const out: PolicyIssue[] = [];
  if (!isObj(doc)) return out;
  const report = (path: IssuePath, message: string) => out.push({ path: formatIssuePath(path), message });
  if (isObj(doc.all_tools)) checkRules(doc.all_tools, ["all_tools"], report);
  if (isObj(doc.tools)) {
    for (const [name, rules] of Object.entries(doc.tools)) {
      if (isObj(rules)) {
        checkRules(rules, ["tools", name], report);
        checkShorthand(rules, name, ["tools", name], report);
      }
      if (name.includes("**")) report(["tools", name], 'a glob uses single "*" wildcards; "**" is not supported');
    }
  }
  if (isObj(doc.approval)) checkApproval(doc.approval, ["approval"], report);
  return out;
}

type Report = (path: IssuePath, message: string) => void;

function checkRules(rules: Obj, base: IssuePath, report: Report): void {
  for (const list of LISTS) {
    const preds = rules[list];
    if (!Array.isArray(preds)) continue;
    const seen = new Map<string, number>();
    preds.forEach((pred, i) => {
      if (!isObj(pred)) return;
      const id = predicateId(pred, i);
      const earlier = seen.get(id);
      if (earlier !== undefined) {
        report([...base, list, i], `duplicate predicate id ${JSON.stringify(id)} (also ${list}[${earlier}]); give one of them an explicit "id"`);
      } else seen.set(id, i);
      if (typeof pred.id === "string" && /[/~]/.test(pred.id)) report([...base, list, i, "id"], 'ids cannot contain "/" or "~" (they appear in rule pointers)');
      if (Array.isArray(pred.conditions)) {
        for (const [j, c] of pred.conditions.entries()) checkCondition(c, [...base, list, i, "conditions", j], report);
      }
    });
  }
  if (Array.isArray(rules.limits)) {
    const seen = new Map<string, number>();
    rules.limits.forEach((limit, i) => {
      if (!isObj(limit)) return;
      const at = [...base, "limits", i];
      if (typeof limit.counter === "string") {
        const earlier = seen.get(limit.counter);
        if (earlier !== undefined) report([...at, "counter"], `duplicate counter ${JSON.stringify(limit.counter)} (also limits[${earlier}]) in this list`);
        else seen.set(limit.counter, i);
        if (COUNTER_FORBIDDEN.test(limit.counter)) report([...at, "counter"], 'counter names cannot contain "/", "~" or ":" (they appear in rule pointers and bucket keys)');
      }
      if (typeof limit.window === "string" && parseWindow(limit.window) === null) {
        report([...at, "window"], `unknown window ${JSON.stringify(limit.window)}; ${WINDOW_HINT}`);
      }
      if (typeof limit.increment_from === "string") {
        const parsed = parseIncrementPath(limit.increment_from);
        if (!parsed.ok) report([...at, "increment_from"], parsed.message);
      }
      if (typeof limit.max === "number" && !Number.isFinite(limit.max)) report([...at, "max"], "must be a finite number");
    });
  }
  if (isObj(rules.approval)) checkApproval(rules.approval, [...base, "approval"], report);
}

function checkCondition(cond: unknown, at: IssuePath, report: Report): void {
  if (!isObj(cond)) return;
  if (Array.isArray(cond.any)) {
    for (const [j, c] of cond.any.entries()) checkCondition(c, [...at, "any", j], report);
    return;
  }
  if (isObj(cond.not)) {
    checkCondition(cond.not, [...at, "not"], report);
    return;
  }
  if (typeof cond.path === "string") {
    const parsed = parsePath(cond.path);
    if (!parsed.ok) report([...at, "path"], parsed.message);
  }
  if (typeof cond.op !== "string" || !(OPERATORS as readonly string[]).includes(cond.op) || !Object.hasOwn(cond, "value")) return;
  const op = cond.op as Operator;
  const problem = checkOperatorValue(op, cond.value);
  if (problem) {
    report([...at, "value"], problem);
    return;
  }
  if ((op === "regex" || op === "not_regex") && typeof cond.value === "string") {
    const compiled = compileRegex(cond.value);
    if (!compiled.ok) report([...at, "value"], compiled.message);
  }
  if (Array.isArray(cond.value) && cond.value.length > HARD_LIMITS.maxValueList) {
    report([...at, "value"], `has ${cond.value.length} entries; the limit is ${HARD_LIMITS.maxValueList}`);
  }
  if ((op === "url_host_in" || op === "url_host_not_in") && Array.isArray(cond.value)) {
    cond.value.forEach((host, k) => {
      if (typeof host === "string" && !/^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?$/.test(host)) {
        report([...at, "value", k], `${JSON.stringify(host)} is not a host name; write "example.com" or "*.example.com" (no scheme, port or path)`);
      }
    });
  }
}

function checkApproval(approval: Obj, at: IssuePath, report: Report): void {
  let timeout: number | null = null;
  let hold: number | null = null;
  if (typeof approval.timeout === "string") {
    timeout = parseDuration(approval.timeout);
    if (timeout === null) report([...at, "timeout"], `unknown duration ${JSON.stringify(approval.timeout)}; write e.g. "30s", "10m", "1h", "1d"`);
  }
  if (typeof approval.hold === "string") {
    hold = parseDuration(approval.hold);
    if (hold === null) report([...at, "hold"], `unknown duration ${JSON.stringify(approval.hold)}; write e.g. "20s", "1m"`);
  }
  if (timeout !== null && hold !== null && hold > timeout) report([...at, "hold"], "hold cannot be longer than timeout");
}
