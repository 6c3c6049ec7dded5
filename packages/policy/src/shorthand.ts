import { pointer } from "./pointer.ts";
import type { Limit, PolicyDocument, Predicate, RateLimit, ToolRules } from "./schema.ts";

// The PolicyLayer shorthand on a tool rule (`action`, `reason`, `rate_limit`). A document keeps
// the form its author wrote — parsePolicy returns it unchanged, so an editor or the visual
// builder round-trips it byte for byte — and compilePolicy reads the shorthand directly. This
// module says what each shorthand means in canonical terms, which fields a document used, and
// rewrites a document into the canonical v1 form for a builder that offers "convert".

export type ShorthandField = "action" | "reason" | "rate_limit";

export type ShorthandUse = {
  /** The key under `tools` (a name or a glob). */
  tool: string;
  field: ShorthandField;
  /** JSON pointer to the field, e.g. "/tools/flux_edit_image/rate_limit": decision rules use it. */
  pointer: string;
  /** What the field was written as. */
  value: unknown;
};

/** `rate_limit.counter` when it is not written. */
export function defaultRateLimitCounter(toolKey: string): string {
  return `${toolKey}.rate_limit`;
}

/** The `limits` entry a `rate_limit` means: seconds become a duration ("60" → "60s"), scope defaults to session. */
export function rateLimitAsLimit(toolKey: string, rateLimit: RateLimit): Limit {
  return {
    counter: rateLimit.counter ?? defaultRateLimitCounter(toolKey),
    window: typeof rateLimit.window === "number" ? `${rateLimit.window}s` : rateLimit.window,
    max: rateLimit.max,
    scope: rateLimit.scope ?? "session",
  };
}

/** Every shorthand field the document uses, in document order, so a builder can show the form as written. */
export function shorthandUsed(doc: PolicyDocument): ShorthandUse[] {
  const out: ShorthandUse[] = [];
  for (const [tool, rules] of Object.entries(doc.tools ?? {})) {
    for (const field of ["action", "reason", "rate_limit"] as const) {
      if (rules[field] !== undefined) out.push({ tool, field, pointer: pointer("tools", tool, field), value: rules[field] });
    }
  }
  return out;
}

/**
 * The same policy in the canonical v1 form (no `action`, `reason` or `rate_limit`). It decides
 * every call the same way with the same messages and counts in the same buckets; only the rule
 * pointers change, because they name where a rule is written (`/tools/t/action` becomes
 * `/tools/t/deny_if/action`, `/tools/t/rate_limit` becomes `/tools/t/limits/<counter>`). One
 * more difference: a canonical `deny_if` runs after all_tools `require`/`deny_if`, so when one
 * of those also refuses the call, it is the one named.
 */
export function expandShorthand(doc: PolicyDocument): PolicyDocument {
  if (!doc.tools) return doc;
  const tools: Record<string, ToolRules> = {};
  for (const [key, rules] of Object.entries(doc.tools)) tools[key] = expandToolRules(key, rules);
  return { ...doc, tools };
}

function expandToolRules(key: string, rules: ToolRules): ToolRules {
  const { action, reason, rate_limit: rateLimit, ...rest } = rules;
  const out: ToolRules = { ...rest };
  if (action === "deny") out.deny_if = [unconditional(out.deny_if, reason), ...(out.deny_if ?? [])];
  if (action === "require_approval") out.approve_if = [...(out.approve_if ?? []), unconditional(out.approve_if, reason)];
  if (rateLimit) out.limits = [...(out.limits ?? []), rateLimitAsLimit(key, rateLimit)];
  return out;
}

// id "action" (or "action-2", ... if the list already has one), so the rule names its origin.
function unconditional(list: readonly Predicate[] | undefined, reason: string | undefined): Predicate {
  const taken = new Set((list ?? []).map((p) => p.id));
  let id = "action";
  for (let n = 2; taken.has(id); n++) id = `action-${n}`;
  return { id, conditions: [], ...(reason !== undefined ? { on_deny: reason } : {}) };
}
