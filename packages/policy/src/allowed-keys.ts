import type { IssuePath } from "./issue-path.ts";

// zod's unrecognized_keys issue does not say which keys were expected; this does, by the
// shape of the path, so a typo gets a "did you mean".
const DOCUMENT = ["$schema", "version", "default", "hide", "all_tools", "tools", "approval", "mode", "list"];
const TOOL = ["action", "reason", "rate_limit", "require", "deny_if", "approve_if", "limits", "approval", "validate_arguments"];
const ALL_TOOLS = ["limits", "require", "deny_if", "approve_if"];
const PREDICATE = ["id", "conditions", "on_deny"];
const CONDITION = ["path", "op", "value", "any", "not"];
const LIMIT = ["counter", "window", "max", "scope", "increment_from", "algorithm"];
const APPROVAL = ["timeout", "hold", "roles", "mode"];
const RATE_LIMIT = ["max", "window", "scope", "counter"];
const PREDICATE_LISTS = new Set(["require", "deny_if", "approve_if"]);

export function allowedKeysAt(path: IssuePath): readonly string[] {
  if (path.length === 0) return DOCUMENT;
  const last = path[path.length - 1];
  const prev = path[path.length - 2];
  if (last === "all_tools" && path.length === 1) return ALL_TOOLS;
  if (path.length === 2 && path[0] === "tools") return TOOL;
  if (last === "approval") return APPROVAL;
  if (last === "rate_limit" && path.length === 3 && path[0] === "tools") return RATE_LIMIT;
  if (last === "not" || prev === "any" || prev === "conditions") return CONDITION;
  if (prev === "limits") return LIMIT;
  if (typeof prev === "string" && PREDICATE_LISTS.has(prev)) return PREDICATE;
  return [];
}
