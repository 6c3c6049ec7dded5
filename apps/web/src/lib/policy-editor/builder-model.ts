// The visual builder's view of a policy document: each tool's state (Allow / Deny / Hide /
// Approval / Custom, or unlisted so the default decides) read from the JSON and written back
// into it. The document stays the single source of truth: the builder and the JSON editor edit
// the same draft, and the builder keeps every field it does not show.

export type Doc = Record<string, unknown>;
export type ToolState = "default" | "allow" | "deny" | "hide" | "approval" | "custom";

export const TOOL_STATES: { value: ToolState; label: string }[] = [
  { value: "default", label: "Default" },
  { value: "allow", label: "Allow" },
  { value: "deny", label: "Deny" },
  { value: "hide", label: "Hide" },
  { value: "approval", label: "Approval" },
  { value: "custom", label: "Custom" },
];

const isObject = (v: unknown): v is Doc => typeof v === "object" && v !== null && !Array.isArray(v);

/** The draft text as a document object, or null when it is not a JSON object. */
export function parseDraft(text: string): Doc | null {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

export function formatDraft(doc: Doc): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function toolsOf(doc: Doc): Doc {
  return isObject(doc.tools) ? doc.tools : {};
}

export function hideOf(doc: Doc): string[] {
  return Array.isArray(doc.hide) ? doc.hide.filter((h): h is string => typeof h === "string") : [];
}

/** A predicate list that is exactly one predicate without conditions: "every call". */
function unconditional(list: unknown): boolean {
  return Array.isArray(list) && list.length === 1 && isObject(list[0]) && Array.isArray(list[0].conditions) && list[0].conditions.length === 0;
}

export function toolState(doc: Doc, tool: string): ToolState {
  if (hideOf(doc).includes(tool)) return "hide";
  const rules = toolsOf(doc)[tool];
  if (rules === undefined) return "default";
  if (!isObject(rules)) return "custom";
  const keys = Object.keys(rules);
  if (keys.length === 0) return "allow";
  if (keys.length === 1 && rules.action === "allow") return "allow";
  if (keys.every((k) => k === "action" || k === "reason") && rules.action === "deny") return "deny";
  if (keys.length === 1 && rules.action === "require_approval") return "approval";
  if (keys.every((k) => k === "deny_if") && unconditional(rules.deny_if)) return "deny";
  if (keys.every((k) => k === "approve_if") && unconditional(rules.approve_if)) return "approval";
  return "custom";
}

/** A new document with `tool` set to `state`; everything else is kept as written. */
export function setToolState(doc: Doc, tool: string, state: ToolState): Doc {
  const next: Doc = { ...doc };
  const hide = hideOf(doc).filter((h) => h !== tool);
  if (state === "hide") hide.push(tool);
  if (hide.length > 0) next.hide = hide;
  else delete next.hide;

  const tools: Doc = { ...toolsOf(doc) };
  const current = tools[tool];
  if (state === "default" || state === "hide") delete tools[tool];
  else if (state === "allow") tools[tool] = {};
  else if (state === "deny") tools[tool] = { deny_if: [{ conditions: [] }] };
  else if (state === "approval") tools[tool] = { approve_if: [{ conditions: [] }] };
  else if (state === "custom") tools[tool] = isObject(current) ? current : {};
  if (Object.keys(tools).length > 0) next.tools = tools;
  else delete next.tools;
  return next;
}

/** Replaces one tool's rules object. */
export function setToolRules(doc: Doc, tool: string, rules: Doc): Doc {
  return { ...doc, tools: { ...toolsOf(doc), [tool]: rules } };
}

/** Sets (or, with undefined, removes) one top-level field. */
export function setField(doc: Doc, key: string, value: unknown): Doc {
  const next: Doc = { ...doc };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/** Tool names the builder lists: the server's discovered tools, then any the document names. */
export function builderToolNames(doc: Doc, discovered: string[]): string[] {
  const names = new Set(discovered);
  for (const name of Object.keys(toolsOf(doc))) names.add(name);
  for (const name of hideOf(doc)) if (name !== "*") names.add(name);
  return [...names].sort((a, b) => a.localeCompare(b));
}

export const EMPTY_POLICY: Doc = { version: "1", default: "deny" };
