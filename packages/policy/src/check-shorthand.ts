import { MAX_WINDOW_SECONDS, parseWindow, WINDOW_HINT } from "./duration.ts";
import type { IssuePath } from "./issue-path.ts";
import { defaultRateLimitCounter } from "./shorthand.ts";

// Semantic checks of the PolicyLayer shorthand on one tool rule (`action`, `reason`,
// `rate_limit`), over the raw input like check-document.ts: zod reports wrong types, these
// report what would be accepted but could never take effect.

type Obj = Record<string, unknown>;
type Report = (path: IssuePath, message: string) => void;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

// Fields of a tool rule that an `"action": "deny"` makes dead: the call is refused before any
// of them is looked at.
const DEAD_UNDER_DENY = ["require", "deny_if", "approve_if", "limits", "rate_limit", "approval"] as const;

/** Counter names appear in rule pointers and bucket keys (see check-document.ts). */
export const COUNTER_FORBIDDEN = /[/~:]/;

export function checkShorthand(rules: Obj, toolKey: string, base: IssuePath, report: Report): void {
  const { action } = rules;
  if (action === "deny") {
    for (const field of DEAD_UNDER_DENY) {
      const value = rules[field];
      if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
      report([...base, field], `never runs: "action": "deny" refuses every call of this tool before ${field} is looked at; remove ${field} or change "action"`);
    }
  }
  if (rules.reason !== undefined && action !== "deny" && action !== "require_approval") {
    const why = action === "allow" ? '"action": "allow" never refuses a call' : 'there is no "action"';
    report([...base, "reason"], `"reason" is the message of "action": "deny" or "require_approval", but ${why}, so it would never be shown`);
  }
  if (isObj(rules.rate_limit)) checkRateLimit(rules.rate_limit, toolKey, rules.limits, [...base, "rate_limit"], report);
}

function checkRateLimit(rl: Obj, toolKey: string, limits: unknown, at: IssuePath, report: Report): void {
  const { window, max, counter } = rl;
  if (typeof window === "number" && !(Number.isInteger(window) && window >= 1 && window <= MAX_WINDOW_SECONDS)) {
    report([...at, "window"], `a window in seconds must be a whole number from 1 to ${MAX_WINDOW_SECONDS} (366 days), got ${window}`);
  }
  if (typeof window === "string" && parseWindow(window) === null) {
    report([...at, "window"], `unknown window ${JSON.stringify(window)}; write a number of seconds (60) or ${WINDOW_HINT.replace(/^use /, "")}`);
  }
  if (typeof max === "number" && !Number.isFinite(max)) report([...at, "max"], "must be a finite number");
  let resolved: string | null = null;
  if (typeof counter === "string") {
    if (COUNTER_FORBIDDEN.test(counter)) report([...at, "counter"], 'counter names cannot contain "/", "~" or ":" (they appear in rule pointers and bucket keys)');
    resolved = counter;
  } else if (counter === undefined) {
    resolved = defaultRateLimitCounter(toolKey);
    const problem = COUNTER_FORBIDDEN.test(resolved) ? 'would contain "/", "~" or ":"' : resolved.length > 200 ? "would be over 200 characters" : null;
    if (problem) report(at, `the default counter ${JSON.stringify(resolved.slice(0, 60))}${resolved.length > 60 ? "…" : ""} ${problem}; give this rate_limit a "counter"`);
  }
  if (resolved === null || !Array.isArray(limits)) return;
  const clash = limits.findIndex((l) => isObj(l) && l.counter === resolved);
  if (clash !== -1) {
    report(typeof counter === "string" ? [...at, "counter"] : at, `counter ${JSON.stringify(resolved)} is also limits[${clash}].counter of this tool; give this rate_limit its own "counter"`);
  }
}
