// One tools/call, decided: policy evaluation (pure, in-process) then quota reservation (Redis).
// Returns what to do and what to log; turning a refusal into the agent-visible tool result is
// refusal.ts's job.
import { type ApprovalMode, type CompiledPolicy, type Decision, type EvalContext, evaluate, type Reservation } from "@gatehouse/policy";
import type { DecisionOutcome } from "@gatehouse/shared";
import { sha256Hex } from "@gatehouse/shared/node";
import type { GrantEntry, ServerEntry, TokenEntry } from "./bundle-store.ts";
import type { ToolCallParams } from "./jsonrpc.ts";
import type { HeldQuota, Limiter } from "./limiter.ts";
import { type ApprovalGate, pendingMessage } from "./approvals/gate.ts";
import { TOOL_CHANGED_RULE, type ToolDrift, pinnedRefusal } from "./tool-pins.ts";

export type RefusalOutcome = "denied" | "rate_limited" | "approval_pending" | "approval_denied" | "approval_expired";

/** A call waiting for a human: the route may hold the request open this long (approvals/hold-call.ts). */
export type HoldPlan = {
  approvalId: string;
  expiresAtMs: number;
  holdMs: number;
  reservations: readonly Reservation[];
  shadow: boolean;
  /** The policy's approval.mode: "task" lets a task-augmented call become an MCP task (tasks/). */
  mode: ApprovalMode;
  timeoutMs: number;
  /** Who may decide (the policy's approval.roles, or the default). */
  roles: readonly string[];
};

/** `violationPaths`: on an `(invalid arguments)` refusal or its shadow, the paths for the decision log. */
export type CallVerdict =
  | { forward: true; held: HeldQuota | null; shadowOutcome: DecisionOutcome | null; rule: string | null; message: string | null; approvalId?: string | null; violationPaths?: readonly string[] }
  | { forward: false; outcome: RefusalOutcome; rule: string; message: string; retryAfterS: number | null; approvalId?: string | null; hold?: HoldPlan | null; violationPaths?: readonly string[] };

// Shadow mode never holds a call (it observes, it does not enforce); a proxy started without the
// approvals machinery refuses rather than fake a "pending" that would promise a human.
const APPROVALS_UNAVAILABLE = "Approvals are not available on this Gatehouse proxy, so the call was refused.";

export type CallContext = { server: ServerEntry; token: TokenEntry; grant: GrantEntry };

/**
 * What `session`-scoped limits key their bucket on: a digest of the request's Mcp-Session-Id
 * (the session the proxy bound to this caller), or null without one, which the engine counts
 * in the grant's bucket. A digest, not the id: the id is a credential for the upstream session
 * and arbitrary client text, neither of which belongs in Redis key names. 128 bits is plenty
 * to keep sessions apart.
 */
export function sessionBucketId(header: string | string[] | undefined): string | null {
  return typeof header === "string" && header !== "" ? sha256Hex(header).slice(0, 32) : null;
}

export function evalContext(ctx: CallContext, now: number, sessionId: string | null = null): EvalContext {
  const { identity } = ctx.token;
  return {
    orgId: ctx.server.org.orgId,
    identity: { id: identity.id, name: identity.name, kind: identity.kind, labels: identity.labels },
    grant: { id: ctx.grant.grant.id },
    server: { id: ctx.server.server.id, name: ctx.server.server.name },
    session: sessionId === null ? null : { id: sessionId },
    now,
  };
}

export async function decideToolCall(
  ctx: CallContext,
  call: ToolCallParams,
  limiter: Limiter,
  now: number,
  sessionId: string | null = null,
  approvals: ApprovalGate | null = null,
  drift: ToolDrift | null = null,
): Promise<CallVerdict> {
  // A quarantined tool is refused before the policy: its definition is not the one anyone approved.
  const quarantined = drift ? pinnedRefusal(ctx.server.server, call.name, drift) : null;
  if (quarantined) return { forward: false, outcome: "denied", rule: TOOL_CHANGED_RULE, message: quarantined, retryAfterS: null };
  const plan: CompiledPolicy | null = ctx.grant.plan;
  const decision: Decision = evaluate(plan, call, evalContext(ctx, now, sessionId), ctx.server.validators ?? null);

  if (decision.outcome === "deny") {
    const refused: CallVerdict = { forward: false, outcome: "denied", rule: decision.rule, message: decision.message, retryAfterS: null };
    return decision.violationPaths ? { ...refused, violationPaths: decision.violationPaths } : refused;
  }
  let approvalId: string | null = null;
  if (decision.outcome === "approval_required") {
    if (!approvals) return { forward: false, outcome: "denied", rule: decision.rule, message: `${decision.message} ${APPROVALS_UNAVAILABLE}`, retryAfterS: null };
    const gate = await approvals.check(ctx, call, decision, now);
    if (gate.kind === "unavailable") return { forward: false, outcome: "denied", rule: decision.rule, message: gate.message, retryAfterS: null };
    if (gate.kind === "refuse") return { forward: false, outcome: gate.outcome, rule: decision.rule, message: gate.message, retryAfterS: null, approvalId: gate.approvalId };
    if (gate.kind === "hold") {
      return {
        forward: false,
        outcome: "approval_pending",
        rule: decision.rule,
        message: pendingMessage(call.name, decision.rule, gate.approvalId, gate.expiresAtMs),
        retryAfterS: Math.max(1, Math.ceil(gate.holdMs / 1000)),
        approvalId: gate.approvalId,
        hold: { approvalId: gate.approvalId, expiresAtMs: gate.expiresAtMs, holdMs: gate.holdMs, reservations: decision.reservations, shadow: plan?.shadow === true, mode: gate.mode, timeoutMs: gate.timeoutMs, roles: gate.roles },
      };
    }
    approvalId = gate.approvalId;
  }
  // Shadow mode whose would-be decision is a refusal: allow, take no quota (the enforced
  // policy would not have reached its limits), log what would have happened.
  if (decision.shadow) {
    const would = decision.shadow;
    const shadowOutcome = would.outcome === "approval_required" ? "approval_pending" : "denied";
    return { forward: true, held: null, shadowOutcome, rule: would.rule, message: would.message, ...(would.violationPaths ? { violationPaths: would.violationPaths } : {}) };
  }
  const verdict = await reserveForCall(ctx, call, decision.reservations, limiter, now, plan?.shadow === true, approvalId);
  return withArgumentShadow(verdict, decision);
}

/** Argument validation in `shadow` mode: a forwarded call whose arguments would have been refused is logged as such. */
function withArgumentShadow(verdict: CallVerdict, decision: Decision): CallVerdict {
  const would = decision.argumentShadow;
  if (!would || !verdict.forward || verdict.rule !== null) return verdict;
  return { ...verdict, shadowOutcome: "denied", rule: would.rule, message: would.message, violationPaths: would.violationPaths };
}

/** Evaluation step 7 (limits) for an allowed or approved call. */
export async function reserveForCall(
  ctx: CallContext,
  call: ToolCallParams,
  reservations: readonly Reservation[],
  limiter: Limiter,
  now: number,
  shadow: boolean,
  approvalId: string | null = null,
): Promise<CallVerdict> {
  const decision = { reservations };
  const reserved = await limiter.reserve(ctx.server.org.orgId, decision.reservations, now);
  if (reserved.ok) return { forward: true, held: reserved.held, shadowOutcome: shadow ? "allowed" : null, rule: null, message: null, approvalId };

  const first = decision.reservations[0];
  if (reserved.reason === "no_room") {
    const r = reserved.reservation;
    const message =
      `Tool ${JSON.stringify(call.name)} was rate limited by ${r.rule}: the limit of ${r.max} per ${r.window.label} ` +
      `(${r.scope} scope) has no room for this call. Retry in ${reserved.retryAfterS} s.`;
    // In shadow mode the limit is observed, not enforced: the call goes ahead uncounted.
    if (shadow) return { forward: true, held: null, shadowOutcome: "rate_limited", rule: r.rule, message };
    return { forward: false, outcome: "rate_limited", rule: r.rule, message, retryAfterS: reserved.retryAfterS };
  }
  const rule = first?.rule ?? "";
  const message =
    `Tool ${JSON.stringify(call.name)} was denied by ${rule}: the rate-limit store is unreachable, so calls to ` +
    "rate-limited tools are refused until it is back (fail closed). Tools without limits still work.";
  if (shadow) return { forward: true, held: null, shadowOutcome: "denied", rule, message };
  return { forward: false, outcome: "denied", rule, message, retryAfterS: null };
}
