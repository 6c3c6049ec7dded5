// Completion for the policy JSON: the keys allowed where the cursor is (top level, a tool rule,
// a predicate, a condition, a limit), the tool names of the server, and the values of the
// enumerated fields (op, window, scope, default, mode, list, algorithm, validate_arguments, path).
import type { CompletionContext, CompletionResult } from "@codemirror/autocomplete";
import { syntaxTree } from "@codemirror/language";
import type { SyntaxNode } from "@lezer/common";
import { OPERATORS } from "@gatehouse/policy";

const TOP = ["version", "default", "hide", "all_tools", "tools", "approval", "mode", "list", "$schema"];
const RULES = ["require", "deny_if", "approve_if", "limits", "approval", "action", "reason", "rate_limit"];
const TOOL_RULES = [...RULES, "validate_arguments"];
const PREDICATE = ["id", "conditions", "on_deny"];
const CONDITION = ["path", "op", "value", "any", "not"];
const LIMIT = ["counter", "window", "max", "scope", "increment_from", "algorithm"];
const APPROVAL = ["timeout", "hold", "roles", "mode"];

const VALUES: Record<string, string[]> = {
  op: [...OPERATORS],
  window: ["minute", "hour", "day", "week", "month"],
  scope: ["grant", "identity", "server", "org", "session"],
  default: ["allow", "deny"],
  mode: ["enforce", "shadow"],
  list: ["all", "callable"],
  algorithm: ["fixed", "sliding"],
  action: ["allow", "deny", "require_approval"],
  validate_arguments: ["enforce", "shadow", "off"],
  version: ["1"],
};

export const CALLER_PATHS = ["identity.name", "identity.kind", "identity.labels.", "grant.id", "server.name", "time.hour", "time.weekday"];

/** The property names from the root to `node` (array indexes skipped). */
function keyPath(node: SyntaxNode | null, text: (from: number, to: number) => string): string[] {
  const keys: string[] = [];
  for (let n = node; n; n = n.parent) {
    if (n.name !== "Property") continue;
    const name = n.getChild("PropertyName");
    if (name) keys.unshift(text(name.from, name.to).replace(/^"|"$/g, ""));
  }
  return keys;
}

function keysFor(path: string[], toolNames: string[]): string[] {
  const last = path[path.length - 1];
  if (path.length === 0) return TOP;
  if (path.length === 1 && last === "tools") return toolNames;
  if (path.length === 2 && path[0] === "tools") return TOOL_RULES;
  if (last === "all_tools") return RULES;
  if (last === "require" || last === "deny_if" || last === "approve_if") return PREDICATE;
  if (last === "conditions" || last === "any" || last === "not") return CONDITION;
  if (last === "limits") return LIMIT;
  if (last === "approval") return APPROVAL;
  return [];
}

export function policyCompletion(getToolNames: () => string[], getArgPaths: () => string[]) {
  return (context: CompletionContext): CompletionResult | null => {
    const tree = syntaxTree(context.state);
    const node = tree.resolveInner(context.pos, -1);
    const text = (from: number, to: number) => context.state.sliceDoc(from, to);
    const word = context.matchBefore(/"?[\w$.*-]*/);
    if (!word || (word.from === word.to && !context.explicit)) return null;

    // Inside a property name (or where one is about to be typed) → the keys allowed here.
    const inName = node.name === "PropertyName" || (node.name === "String" && node.parent?.name === "Object") || node.name === "Object" || node.type.isError;
    const property = node.parent?.name === "Property" ? node.parent : null;
    const isValue = property !== null && node.name !== "PropertyName";
    if (isValue && property) {
      const key = text(property.getChild("PropertyName")?.from ?? 0, property.getChild("PropertyName")?.to ?? 0).replace(/^"|"$/g, "");
      const options = key === "path" || key === "increment_from" ? [...getArgPaths(), ...(key === "path" ? CALLER_PATHS : [])] : VALUES[key];
      if (!options) return null;
      return { from: word.from, options: options.map((label) => ({ label: JSON.stringify(label), type: "constant" })), validFor: /^"?[\w$.*-]*"?$/ };
    }
    if (!inName) return null;
    const container = node.name === "Object" ? node : (node.parent ?? node);
    const keys = keysFor(keyPath(container, text), getToolNames());
    if (keys.length === 0) return null;
    return { from: word.from, options: keys.map((label) => ({ label: JSON.stringify(label), apply: `${JSON.stringify(label)}: `, type: "property" })), validFor: /^"?[\w$.*-]*$/ };
  };
}
