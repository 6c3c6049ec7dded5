import type { z } from "zod";
import { allowedKeysAt } from "./allowed-keys.ts";
import { didYouMean } from "./did-you-mean.ts";
import { formatIssuePath, type IssuePath, valueAt } from "./issue-path.ts";
import { describeValue, OPERATORS } from "./operators.ts";
import type { PolicyIssue } from "./types.ts";

type ZodIssue = z.core.$ZodIssue;

const TOOL_SHORTHAND = new Set(["action", "reason", "rate_limit"]);

const EXPECTED: Record<string, string> = {
  string: "a string",
  number: "a number",
  boolean: "true or false",
  array: "an array",
  object: "an object",
  record: "an object",
};

/** Turns zod's issues into sentences a policy author can act on, each at its JSON path. */
export function translateZodIssues(issues: readonly ZodIssue[], root: unknown): PolicyIssue[] {
  const out: PolicyIssue[] = [];
  for (const issue of issues) translate(issue, [], root, out);
  return out;
}

function translate(issue: ZodIssue, base: IssuePath, root: unknown, out: PolicyIssue[]): void {
  const path = [...base, ...issue.path];
  const input = valueAt(root, path);
  const push = (message: string, at: IssuePath = path) => out.push({ path: formatIssuePath(at), message });
  const field = path[path.length - 1];
  switch (issue.code) {
    case "invalid_type": {
      if (input === undefined) push(`required field ${JSON.stringify(String(field))} is missing`);
      else push(`expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(input)}`);
      return;
    }
    case "invalid_value": {
      if (input === undefined) {
        push(`required field ${JSON.stringify(String(field))} is missing`);
        return;
      }
      const got = typeof input === "string" ? JSON.stringify(input) : describeValue(input);
      const candidates = issue.values.filter((v): v is string => typeof v === "string");
      // With a single allowed value ("version": "1") a suggestion adds nothing.
      const hint = typeof input === "string" && candidates.length > 1 ? didYouMean(input, candidates) : null;
      if (field === "op") {
        push(`unknown operator ${got}${hint ? `; did you mean "${hint}"?` : `; operators are ${OPERATORS.join(", ")}`}`);
      } else {
        const quoted = issue.values.map((v) => JSON.stringify(v));
        const options = quoted.length > 2 ? `one of ${quoted.join(", ")}` : quoted.join(" or ");
        push(`expected ${options}, got ${got}${hint ? `; did you mean "${hint}"?` : ""}`);
      }
      return;
    }
    case "unrecognized_keys": {
      const allowed = allowedKeysAt(path);
      for (const key of issue.keys) {
        if (path.length === 1 && path[0] === "all_tools" && TOOL_SHORTHAND.has(key)) {
          push(`unknown field ${JSON.stringify(key)}: the PolicyLayer shorthand belongs on a rule under "tools"; here write ${key === "rate_limit" ? '"limits"' : '"deny_if" or "approve_if"'}`, [...path, key]);
          continue;
        }
        const hint = didYouMean(key, allowed);
        push(`unknown field ${JSON.stringify(key)}${hint ? `; did you mean "${hint}"?` : ""}`, [...path, key]);
      }
      return;
    }
    case "too_small": {
      if (issue.origin === "string") push(issue.minimum === 1 ? "must not be empty" : `must be at least ${issue.minimum} characters`);
      else if (issue.origin === "array") push(`needs at least ${issue.minimum} entr${issue.minimum === 1 ? "y" : "ies"}`);
      else push(`must be ≥ ${issue.minimum}, got ${describeValue(input)}`);
      return;
    }
    case "too_big": {
      const size = Array.isArray(input) ? input.length : typeof input === "string" ? input.length : 0;
      if (issue.origin === "array") push(`has ${size} entries; the limit is ${issue.maximum}`);
      else if (issue.origin === "string") push(`is ${size} characters; the limit is ${issue.maximum}`);
      else push(`must be ≤ ${issue.maximum}, got ${describeValue(input)}`);
      return;
    }
    case "invalid_union": {
      translateUnion(issue, path, input, root, out);
      return;
    }
    case "invalid_key": {
      push("keys must not be empty");
      return;
    }
    default:
      push(issue.message);
  }
}

// The only unions in the schema are Condition (leaf | any | not), z.json() for "value" and
// rate_limit's number-or-string "window". Reporting every branch's failures would bury the
// author, so pick the branch the author evidently meant from the keys they wrote, and report
// only its issues.
function translateUnion(issue: z.core.$ZodIssueInvalidUnion, path: IssuePath, input: unknown, root: unknown, out: PolicyIssue[]): void {
  const at = formatIssuePath(path);
  const field = path[path.length - 1];
  if (field === "value") {
    out.push({ path: at, message: input === undefined ? 'required field "value" is missing' : "must be a JSON value" });
    return;
  }
  if (field === "window") {
    const message = input === undefined ? 'required field "window" is missing' : `expected a number of seconds or a window like "minute" or "15m", got ${describeValue(input)}`;
    out.push({ path: at, message });
    return;
  }
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    out.push({ path: at, message: `expected a condition ({"path", "op", "value"}, {"any": [...]} or {"not": {...}}), got ${describeValue(input)}` });
    return;
  }
  const branch = Object.hasOwn(input, "any") ? 1 : Object.hasOwn(input, "not") ? 2 : 0;
  const chosen = issue.errors[branch] ?? issue.errors[0] ?? [];
  if (chosen.length === 0) out.push({ path: at, message: "is not a valid condition" });
  for (const sub of chosen) translate(sub, path, root, out);
}
