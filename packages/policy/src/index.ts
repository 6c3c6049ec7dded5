// @gatehouse/policy — the pure policy engine: parse, validate, compile, evaluate, explain.
// No I/O, no clock, no environment: everything arrives as arguments (see README.md).

export {
  type ArgumentCheck,
  type ArgumentValidationMode,
  type ArgumentValidators,
  type ArgumentViolation,
  type CompiledToolSchema,
  type ToolValidationStatus,
  checkArguments,
  compileArgumentValidators,
  compileToolSchema,
  effectiveValidationMode,
  toolValidationStatus,
  INVALID_ARGUMENTS_RULE,
  invalidArgumentsMessage,
  SCHEMA_LIMITS,
  schemaLimitProblem,
  validatorWarnings,
} from "./argument-validation.ts";
export { argumentsHash, canonicalJson } from "./canonical-json.ts";
export { type CompiledPolicy, compilePolicy } from "./compile-policy.ts";
export { evaluate } from "./evaluate.ts";
export { type ConditionTrace, explain, type TraceStage, type TraceStep } from "./explain.ts";
export { filterToolsList } from "./filter-tools-list.ts";
export { type ListedTool, toolDefinition, toolDefinitionHash } from "./tool-definition.ts";
export { HARD_LIMITS } from "./hard-limits.ts";
export { type InterceptImport, importIntercept } from "./import-intercept.ts";
export { policyJsonSchema } from "./json-schema.ts";
export { OPERATORS, type Operator } from "./operators.ts";
export { formatIssues, type ParseResult, parsePolicy } from "./parse-policy.ts";
export {
  type AllToolsRules,
  ARGUMENT_VALIDATION_MODES,
  type Approval,
  type AnyCondition,
  type Condition,
  type LeafCondition,
  type Limit,
  type NotCondition,
  PolicyDocument,
  type Predicate,
  type RateLimit,
  type ToolRules,
} from "./schema.ts";
export { defaultRateLimitCounter, expandShorthand, rateLimitAsLimit, type ShorthandField, type ShorthandUse, shorthandUsed } from "./shorthand.ts";
export type {
  ApprovalMode,
  ApprovalSettings,
  Decision,
  EvalContext,
  LimitAlgorithm,
  LimitScope,
  Outcome,
  PolicyIssue,
  Reservation,
  ShadowDecision,
  ToolCall,
  WindowSpec,
} from "./types.ts";
export { fixedWindowBounds, slidingWindowEstimate } from "./windows.ts";
