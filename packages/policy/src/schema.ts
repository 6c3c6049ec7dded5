import { z } from "zod";
import { HARD_LIMITS } from "./hard-limits.ts";
import { OPERATORS } from "./operators.ts";

// The zod schema is the single description of the document: parsePolicy validates with it,
// policyJsonSchema is emitted from it, and PolicyDocument is inferred from it. Semantic
// checks that JSON Schema cannot express (paths, regexes, windows, ids) live in
// check-document.ts so they can report against the same paths.

export const Operator = z.enum(OPERATORS).describe("comparison operator");

export const LeafCondition = z
  .strictObject({
    path: z.string().describe('"args.<key>", "args.items[*].sku", "identity.labels.team", "time.hour", ...'),
    op: Operator,
    value: z.json().describe("operand; its type depends on op"),
  })
  .describe("compare the value at path with value");

export type Condition = LeafCondition | AnyCondition | NotCondition;
export type LeafCondition = z.infer<typeof LeafCondition>;
export type AnyCondition = { any: Condition[] };
export type NotCondition = { not: Condition };

export const AnyCondition: z.ZodType<AnyCondition> = z
  .strictObject({
    get any() {
      return z.array(Condition).min(1).max(HARD_LIMITS.maxConditions);
    },
  })
  .describe("(ext) true when any sub-condition is true");

export const NotCondition: z.ZodType<NotCondition> = z
  .strictObject({
    get not() {
      return Condition;
    },
  })
  .describe("(ext) true when the sub-condition is false");

export const Condition: z.ZodType<Condition> = z.union([LeafCondition, AnyCondition, NotCondition]);

export const Predicate = z.strictObject({
  id: z.string().min(1).max(200).optional().describe("defaults to <path>-<op> of the first condition, or the index"),
  conditions: z.array(Condition).max(HARD_LIMITS.maxConditions).describe("ANDed; an empty list always matches"),
  on_deny: z.string().max(2000).optional().describe("message shown to the agent"),
});
export type Predicate = z.infer<typeof Predicate>;

const PredicateList = z.array(Predicate).max(HARD_LIMITS.maxPredicates);

// "session" (one bucket per MCP session, the grant's without one) came with the PolicyLayer
// shorthand, whose rate limits are "tracked per agent session"; it is listed last so the
// canonical scopes read first in error messages.
export const LIMIT_SCOPES = ["grant", "identity", "server", "org", "session"] as const;
const Scope = z.enum(LIMIT_SCOPES);

export const Limit = z.strictObject({
  counter: z.string().min(1).max(200),
  window: z.string().describe('"minute", "hour", "day", (ext) "week", "month" or a duration like "30s", "15m", "6h"'),
  max: z.number().nonnegative().describe("the budget per window"),
  scope: Scope.describe('(ext) "session": one bucket per MCP session; a call without a session uses the grant\'s'),
  increment_from: z.string().optional().describe("(ext) args path of a finite number ≥ 0 to add instead of 1"),
  algorithm: z.enum(["fixed", "sliding"]).optional().describe("(ext) default fixed"),
});
export type Limit = z.infer<typeof Limit>;

const LimitList = z.array(Limit).max(HARD_LIMITS.maxLimits);

export const Approval = z
  .strictObject({
    timeout: z.string().optional().describe('default "10m"'),
    hold: z.string().optional().describe('default "20s"'),
    roles: z.array(z.string().min(1)).max(20).optional(),
    mode: z
      .enum(["hold", "task"])
      .optional()
      .describe('default "task": a client that sent MCP task augmentation gets a task at once; "hold" always holds the request'),
  })
  .describe("(ext) approval settings");
export type Approval = z.infer<typeof Approval>;

/** PolicyLayer shorthand for one `limits` entry; see docs/policy-language.md. */
export const RateLimit = z
  .strictObject({
    max: z.number().nonnegative().describe("calls per window"),
    window: z.union([z.number(), z.string()]).describe('seconds (a whole number), or a window like "minute" or "15m"'),
    scope: Scope.optional().describe('default "session"'),
    counter: z.string().min(1).max(200).optional().describe('default "<tool>.rate_limit"'),
  })
  .describe("PolicyLayer shorthand: the same as one limits entry");
export type RateLimit = z.infer<typeof RateLimit>;

export const TOOL_ACTIONS = ["allow", "deny", "require_approval"] as const;

/** Argument validation modes: the server's `argumentValidation` and a tool rule's `validate_arguments`. */
export const ARGUMENT_VALIDATION_MODES = ["enforce", "shadow", "off"] as const;

export const ToolRules = z.strictObject({
  action: z
    .enum(TOOL_ACTIONS)
    .optional()
    .describe('PolicyLayer shorthand: "allow" = {}, "deny" refuses every call, "require_approval" asks for approval on every call'),
  reason: z.string().max(2000).optional().describe('PolicyLayer shorthand: the message of a "deny" or "require_approval" action'),
  rate_limit: RateLimit.optional(),
  require: PredicateList.optional(),
  deny_if: PredicateList.optional(),
  approve_if: PredicateList.optional().describe("(ext)"),
  limits: LimitList.optional(),
  approval: Approval.optional(),
  validate_arguments: z
    .enum(ARGUMENT_VALIDATION_MODES)
    .optional()
    .describe(
      '(ext) argument validation against the tool\'s accepted inputSchema for the tools this entry governs, overriding the server\'s argumentValidation: "enforce" refuses with (invalid arguments), "shadow" logs and forwards, "off" does not check',
    ),
});
export type ToolRules = z.infer<typeof ToolRules>;

export const AllToolsRules = z.strictObject({
  limits: LimitList.optional(),
  require: PredicateList.optional().describe("(ext)"),
  deny_if: PredicateList.optional().describe("(ext)"),
  approve_if: PredicateList.optional().describe("(ext)"),
});
export type AllToolsRules = z.infer<typeof AllToolsRules>;

export const PolicyDocument = z
  .strictObject({
    $schema: z.string().optional().describe("ignored; lets editors find the JSON Schema"),
    version: z.literal("1"),
    default: z.enum(["allow", "deny"]),
    hide: z.array(z.string().min(1)).max(HARD_LIMITS.maxHide).optional().describe('tool names or globs; "*" hides all'),
    all_tools: AllToolsRules.optional(),
    tools: z.record(z.string().min(1), ToolRules).optional().describe("keys are tool names or (ext) globs like delete_*"),
    approval: Approval.optional(),
    mode: z.enum(["enforce", "shadow"]).optional().describe("(ext)"),
    list: z.enum(["all", "callable"]).optional().describe("(ext)"),
  })
  .describe("Gatehouse policy, version 1");
export type PolicyDocument = z.infer<typeof PolicyDocument>;
