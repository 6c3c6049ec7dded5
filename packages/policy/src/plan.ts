import type { CompiledCondition, ConditionTest } from "./compile-condition.ts";
import type { Glob } from "./glob.ts";
import type { PathSegment } from "./path.ts";
import type { PolicyDocument } from "./schema.ts";
import type { ApprovalSettings, LimitAlgorithm, LimitScope, WindowSpec } from "./types.ts";

export type CompiledPredicate = {
  readonly id: string;
  /** JSON pointer, e.g. "/tools/refund_order/deny_if/args.amount-gt". */
  readonly rule: string;
  readonly onDeny: string | null;
  readonly conditions: readonly CompiledCondition[];
  readonly test: ConditionTest;
};

export type CompiledLimit = {
  readonly rule: string;
  readonly counter: string;
  readonly scope: LimitScope;
  readonly max: number;
  readonly window: WindowSpec;
  readonly algorithm: LimitAlgorithm;
  readonly incrementFrom: string | null;
  readonly incrementSegments: readonly PathSegment[] | null;
  /** Precomputed tail of the bucket key: `:${scope}:`, then scopeKey, then `:${counter}`. */
  readonly scopePart: string;
  readonly counterPart: string;
};

export type CompiledRules = {
  readonly require: readonly CompiledPredicate[];
  readonly denyIf: readonly CompiledPredicate[];
  readonly approveIf: readonly CompiledPredicate[];
  readonly limits: readonly CompiledLimit[];
};

export type CompiledTool = {
  /** The key under `tools` (a name or a glob); null for an unlisted tool under default allow. */
  readonly key: string | null;
  readonly glob: Glob | null;
  readonly rules: CompiledRules;
  readonly approval: ApprovalSettings;
  /** `"action": "deny"`: refused before any other rule, with `reason` as the message when given. */
  readonly deny: { readonly rule: string; readonly reason: string | null } | null;
  /** Refused on every call whatever the arguments (for list: "callable"). */
  readonly neverAllowed: boolean;
  /** `validate_arguments`: overrides the server's argument validation mode for these tools; null inherits it. */
  readonly validateArguments: "enforce" | "shadow" | "off" | null;
};

export type CompiledPolicy = {
  readonly document: PolicyDocument;
  readonly defaultAllow: boolean;
  readonly shadow: boolean;
  readonly listCallable: boolean;
  readonly hideAll: boolean;
  readonly hiddenExact: ReadonlySet<string>;
  readonly hiddenGlobs: readonly Glob[];
  readonly exactTools: ReadonlyMap<string, CompiledTool>;
  /** Sorted by precedence: the first match wins. */
  readonly globTools: readonly CompiledTool[];
  readonly allTools: CompiledRules;
  readonly unlisted: CompiledTool;
  readonly approval: ApprovalSettings;
};
