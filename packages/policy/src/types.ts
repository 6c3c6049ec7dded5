export type PolicyIssue = { path: string; message: string };

export type EvalContext = {
  orgId: string;
  identity: { id: string; name: string; kind: string; labels: Record<string, string> };
  grant: { id: string };
  server: { id: string; name: string };
  /** Epoch milliseconds; the engine never reads the clock. */
  now: number;
};

export type ToolCall = { name: string; arguments: Record<string, unknown> };

export type Outcome = "allow" | "deny" | "approval_required";
export type LimitScope = "grant" | "identity" | "server" | "org";
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
  scope: LimitScope;
  scopeKey: string;
  /** `${orgId}:${scope}:${scopeKey}:${counter}`: tools naming the same counter and scope share it. */
  bucketKey: string;
  amount: number;
  max: number;
  window: WindowSpec;
  algorithm: LimitAlgorithm;
};

export type ApprovalSettings = { timeoutMs: number; holdMs: number; roles: string[] };

export type ShadowDecision = { outcome: Outcome; rule: string; message: string };

export type Decision = {
  outcome: Outcome;
  rule: string;
  message: string;
  reservations: Reservation[];
  approval: ApprovalSettings | null;
  shadow: ShadowDecision | null;
};

export type ParseResult<D> = { ok: true; document: D } | { ok: false; errors: PolicyIssue[] };
