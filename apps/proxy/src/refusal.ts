// A refusal is a normal tool result the model can read (POLICY-LANGUAGE.md "Decisions the agent
// sees"): a prefixed text, isError, and a machine-readable `_meta["gatehouse/decision"]`.
import type { RefusalOutcome } from "./evaluate-call.ts";

const PREFIX: Record<RefusalOutcome, string> = {
  denied: "[POLICY DENIED]",
  rate_limited: "[RATE LIMITED]",
  approval_pending: "[APPROVAL PENDING]",
  approval_denied: "[APPROVAL DENIED]",
  approval_expired: "[APPROVAL EXPIRED]",
};

export type Refusal = { outcome: RefusalOutcome; rule: string; message: string; decisionId: string; retryAfterS: number | null; approvalId?: string | null };

export function refusalResult(r: Refusal): Record<string, unknown> {
  return {
    content: [{ type: "text", text: `${PREFIX[r.outcome]} ${r.message}` }],
    isError: true,
    _meta: {
      "gatehouse/decision": {
        outcome: r.outcome,
        rule: r.rule,
        decision_id: r.decisionId,
        retry_after_s: r.retryAfterS,
        approval_id: r.approvalId ?? null,
      },
    },
  };
}
