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

/**
 * Tool-rule fields that do not decide the state (Allow / Deny / ...): `validate_arguments` (ext)
 * sits beside any of them and is kept when the state changes; `approval` (ext: hold, timeout,
 * roles, mode) configures Approval and is kept only while the tool stays Approval.
 */
const SIDE_FIELDS = ["validate_arguments", "approval"] as const;
const isSideField = (key: string) => (SIDE_FIELDS as readonly string[]).includes(key);

function sideFieldsOf(rules: unknown): Doc {
  if (!isObject(rules)) return {};
  return Object.fromEntries(Object.entries(rules).filter(([k]) => isSideField(k)));
}

export function toolState(doc: Doc, tool: string): ToolState {
  if (hideOf(doc).includes(tool)) return "hide";
  const rules = toolsOf(doc)[tool];
  if (rules === undefined) return "default";
  if (!isObject(rules)) return "custom";
  const keys = Object.keys(rules).filter((k) => !isSideField(k));
  if (keys.length === 0) return "allow";
  if (keys.length === 1 && rules.action === "allow") return "allow";
  if (keys.every((k) => k === "action" || k === "reason") && rules.action === "deny") return "deny";
  if (keys.every((k) => k === "action" || k === "reason") && rules.action === "require_approval") return "approval";
  if (keys.every((k) => k === "deny_if") && unconditional(rules.deny_if)) return "deny";
  if (keys.every((k) => k === "approve_if") && unconditional(rules.approve_if)) return "approval";
  return "custom";
}

/**
 * How the builder writes Deny / Approval / Allow: the PolicyLayer shorthand (`{"action": "deny",
 * "reason"?}`) or the canonical v1 form (`{"deny_if": [{"conditions": []}]}`). A document that
 * already uses the shorthand anywhere keeps being written in it; otherwise canonical.
 */
export type RuleForm = "shorthand" | "canonical";
const SHORTHAND_FIELDS = ["action", "reason", "rate_limit"] as const;

export function documentForm(doc: Doc): RuleForm {
  return Object.values(toolsOf(doc)).some((rules) => isObject(rules) && SHORTHAND_FIELDS.some((f) => rules[f] !== undefined)) ? "shorthand" : "canonical";
}

/** The form one tool's rules are written in (the document's form for a tool not written yet). */
export function toolForm(doc: Doc, tool: string): RuleForm {
  const rules = toolsOf(doc)[tool];
  if (isObject(rules)) {
    if (SHORTHAND_FIELDS.some((f) => rules[f] !== undefined)) return "shorthand";
    if (rules.deny_if !== undefined || rules.approve_if !== undefined) return "canonical";
  }
  return documentForm(doc);
}

/** The message of a Deny or Approval tool: `reason` in the shorthand, the predicate's `on_deny` canonically. */
export function toolReason(doc: Doc, tool: string): string | undefined {
  const state = toolState(doc, tool);
  if (state !== "deny" && state !== "approval") return undefined;
  const rules = toolsOf(doc)[tool];
  if (!isObject(rules)) return undefined;
  if (rules.action !== undefined) return typeof rules.reason === "string" ? rules.reason : undefined;
  const list = rules[state === "deny" ? "deny_if" : "approve_if"];
  const first = Array.isArray(list) && isObject(list[0]) ? list[0] : undefined;
  return typeof first?.on_deny === "string" ? first.on_deny : undefined;
}

/** Sets (or, with "" / undefined, removes) the message of a Deny or Approval tool, in the form it is written. */
export function setToolReason(doc: Doc, tool: string, reason: string | undefined): Doc {
  const state = toolState(doc, tool);
  const rules = toolsOf(doc)[tool];
  if ((state !== "deny" && state !== "approval") || !isObject(rules)) return doc;
  const text = reason === "" ? undefined : reason;
  if (rules.action !== undefined) return setToolRules(doc, tool, withKey(rules, "reason", text));
  const key = state === "deny" ? "deny_if" : "approve_if";
  const list = Array.isArray(rules[key]) ? (rules[key] as unknown[]) : [];
  const first = isObject(list[0]) ? list[0] : { conditions: [] };
  return setToolRules(doc, tool, { ...rules, [key]: [withKey(first, "on_deny", text), ...list.slice(1)] });
}

function withKey(obj: Doc, key: string, value: unknown): Doc {
  const next: Doc = { ...obj };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/**
 * A new document with `tool` set to `state`; everything else is kept as written. Setting the
 * state a tool already has changes nothing (a pasted document round-trips unchanged). Deny,
 * Approval and Allow are written in `form` (by default the form the tool or document uses), and a
 * Deny/Approval message carries over between the two.
 */
export function setToolState(doc: Doc, tool: string, state: ToolState, form: RuleForm = toolForm(doc, tool)): Doc {
  if (toolState(doc, tool) === state && (state !== "custom" || isObject(toolsOf(doc)[tool]))) return doc;
  const reason = toolReason(doc, tool);
  const next: Doc = { ...doc };
  const hide = hideOf(doc).filter((h) => h !== tool);
  if (state === "hide") hide.push(tool);
  if (hide.length > 0) next.hide = hide;
  else delete next.hide;

  const tools: Doc = { ...toolsOf(doc) };
  const current = tools[tool];
  const shorthand = form === "shorthand";
  // Default and Hide drop the entry (and its validate_arguments with it: no entry, nothing to say);
  // the other states keep the side fields after the state's own.
  const side = sideFieldsOf(current);
  if (state !== "approval") delete side.approval;
  if (state === "default" || state === "hide") delete tools[tool];
  // `{}` is Allow in either form; `{"action": "allow"}` only where the tool already wrote an action.
  else if (state === "allow") tools[tool] = { ...(shorthand && isObject(current) && current.action !== undefined ? { action: "allow" } : {}), ...side };
  else if (state === "deny" || state === "approval") {
    if (shorthand) tools[tool] = { ...withKey({ action: state === "deny" ? "deny" : "require_approval" }, "reason", reason), ...side };
    else tools[tool] = { [state === "deny" ? "deny_if" : "approve_if"]: [withKey({ conditions: [] }, "on_deny", reason)], ...side };
  } else if (state === "custom") tools[tool] = isObject(current) ? current : {};
  if (Object.keys(tools).length > 0) next.tools = tools;
  else delete next.tools;
  return next;
}

export type ValidateArguments = "enforce" | "shadow" | "off";
const VALIDATE_ARGUMENTS: readonly string[] = ["enforce", "shadow", "off"];

/** A tool rule's `validate_arguments` (ext), or undefined when it follows the server's setting. */
export function validateArgumentsOf(doc: Doc, tool: string): ValidateArguments | undefined {
  const rules = toolsOf(doc)[tool];
  const value = isObject(rules) ? rules.validate_arguments : undefined;
  return typeof value === "string" && VALIDATE_ARGUMENTS.includes(value) ? (value as ValidateArguments) : undefined;
}

/**
 * Sets (or, with undefined, removes) a tool rule's `validate_arguments`, in place. Only a tool that
 * has an entry under `tools` can carry it: adding an entry would change what Default means.
 */
export function setValidateArguments(doc: Doc, tool: string, mode: ValidateArguments | undefined): Doc {
  const rules = toolsOf(doc)[tool];
  if (!isObject(rules) || hideOf(doc).includes(tool)) return doc;
  if (rules.validate_arguments === mode) return doc;
  return setToolRules(doc, tool, mode === undefined ? withKey(rules, "validate_arguments", undefined) : { ...rules, validate_arguments: mode });
}

export type ApprovalMode = "task" | "hold";

/** A tool rule's `approval.mode` (ext), or undefined when it follows the document's (default "task"). */
export function approvalModeOf(doc: Doc, tool: string): ApprovalMode | undefined {
  const rules = toolsOf(doc)[tool];
  const approval = isObject(rules) ? rules.approval : undefined;
  const mode = isObject(approval) ? approval.mode : undefined;
  return mode === "task" || mode === "hold" ? mode : undefined;
}

/**
 * Sets (or, with undefined, removes) a tool rule's `approval.mode`, keeping the rest of its
 * `approval` block (hold, timeout, roles); an emptied block is removed. Only a tool with an entry.
 */
export function setApprovalMode(doc: Doc, tool: string, mode: ApprovalMode | undefined): Doc {
  const rules = toolsOf(doc)[tool];
  if (!isObject(rules) || hideOf(doc).includes(tool)) return doc;
  if (approvalModeOf(doc, tool) === mode) return doc;
  const approval = withKey(isObject(rules.approval) ? rules.approval : {}, "mode", mode);
  return setToolRules(doc, tool, withKey(rules, "approval", Object.keys(approval).length > 0 ? approval : undefined));
}

/** A tool's `rate_limit` (PolicyLayer shorthand) as written, or undefined. */
export function rateLimitOf(doc: Doc, tool: string): Doc | undefined {
  const rules = toolsOf(doc)[tool];
  return isObject(rules) && isObject(rules.rate_limit) ? rules.rate_limit : undefined;
}

/** The `rate_limit` the builder's "Add rate limit" writes: PolicyLayer's own example. */
export const NEW_RATE_LIMIT: Doc = { max: 10, window: 60 };

/**
 * Edits a tool's `rate_limit` in place (its position among the tool's fields and every field not
 * in `patch` stay as written): a patch value of undefined removes that field; `rateLimit`
 * undefined removes the block. The scope "session" is the default, so choosing it on a block that
 * did not write a scope writes none.
 */
export function setRateLimit(doc: Doc, tool: string, patch: Doc | undefined): Doc {
  const rules = toolsOf(doc)[tool];
  const base: Doc = isObject(rules) ? rules : {};
  if (patch === undefined) return setToolRules(doc, tool, withKey(base, "rate_limit", undefined));
  const current = isObject(base.rate_limit) ? base.rate_limit : undefined;
  let next: Doc = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(patch)) {
    if (key === "scope" && value === "session" && current?.scope === undefined) continue;
    next = withKey(next, key, value);
  }
  return setToolRules(doc, tool, { ...base, rate_limit: next });
}

/** Window text as typed: whole seconds become a number (`60`), anything else stays a duration string (`"15m"`). */
export function readRateLimitWindow(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
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
