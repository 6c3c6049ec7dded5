export type PolicyIssue = { path: string; message: string };

export type EvalContext = {
  orgId: string;
  identity: { id: string; name: string; kind: string; labels: Record<string, string> };
  grant: { id: string };
  server: { id: string; name: string };
  /**
   * The MCP session the call arrived in, for `session`-scoped limits: an opaque id (the proxy
   * passes a digest of the Mcp-Session-Id it bound to this caller). Absent or null: those
   * limits count in the grant's bucket.
   */
  session?: { id: string } | null;
  /** Epoch milliseconds; the engine never reads the clock. */
  now: number;
};

export type ToolCall = { name: string; arguments: Record<string, unknown> };

export type Outcome = "allow" | "deny" | "approval_required";
export type LimitScope = "grant" | "identity" | "server" | "org" | "session";
export type LimitAlgorithm = "fixed" | "sliding";

export type WindowSpec = {
  unit: "minute" | "hour" | "day" | "week" | "month" | "duration";
  /** Nominal length; a month is 30 days nominal, fixed month windows use calendar months. */
  ms: number;
  /** As written in the policy: "minute", "30s". */
  label: string;
};

export type Reservation = {
  rule: string;
  counter: string;
  /** The bucket's scope: a `session` limit reserves in scope `grant` for a call without a session. */
  scope: LimitScope;
  scopeKey: string;
  /** `${orgId}:${scope}:${scopeKey}:${counter}`: tools naming the same counter and scope share it. */
  bucketKey: string;
  amount: number;
  max: number;
  window: WindowSpec;
  algorithm: LimitAlgorithm;
};

/** `mode`: "task" answers a task-augmented call with an MCP task; "hold" always holds the request. */
export type ApprovalMode = "hold" | "task";
export type ApprovalSettings = { timeoutMs: number; holdMs: number; roles: string[]; mode: ApprovalMode };

/** `violationPaths`: when the would-be decision is an `(invalid arguments)` refusal. */
export type ShadowDecision = { outcome: Outcome; rule: string; message: string; violationPaths?: string[] };

export type Decision = {
  outcome: Outcome;
  rule: string;
  message: string;
  reservations: Reservation[];
  approval: ApprovalSettings | null;
  shadow: ShadowDecision | null;
  /** On a `(invalid arguments)` refusal: the violating argument paths (never their values). */
  violationPaths?: string[];
  /** Argument validation in `shadow` mode found violations: what enforcement would have refused. */
  argumentShadow?: ShadowDecision & { violationPaths: string[] };
};

export type ParseResult<D> = { ok: true; document: D } | { ok: false; errors: PolicyIssue[] };
