// The approval_required path (POLICY-LANGUAGE.md "Approvals"). The proxy keeps nothing about a
// pending approval in memory: the request lives in Redis (live state, consumed exactly once by a
// Lua script) and, through the approval.persist job, in Postgres. A restart, or a retry landing
// on another replica, finds it there.
import { approvalConsumed, approvalPersist, type ApprovalBinding, type ApprovalState, type Producer } from "@gatehouse/jobs";
import { type ApprovalMode, type ApprovalSettings, canonicalJson, type Decision } from "@gatehouse/policy";
import { newId } from "@gatehouse/shared";
import { encryptText, errorMessage, sha256Hex, type Logger } from "@gatehouse/shared/node";
import type { CallContext } from "../evaluate-call.ts";
import type { ToolCallParams } from "../jsonrpc.ts";
import type { ApprovalWaiter } from "./waiter.ts";

/** The roles that decide when a policy names none. */
const DEFAULT_ROLES = ["approver"];
/** How often a held request re-reads the state without news (a lost pub/sub message costs this). */
export const HOLD_TICK_MS = 5_000;

export type GateResult =
  | { kind: "proceed"; approvalId: string }
  | { kind: "hold"; approvalId: string; expiresAtMs: number; holdMs: number; mode: ApprovalMode; timeoutMs: number; roles: string[]; created: boolean }
  | { kind: "refuse"; outcome: "approval_denied" | "approval_expired"; approvalId: string; message: string }
  | { kind: "unavailable"; message: string };

export type HoldResult =
  | { kind: "proceed" }
  | { kind: "pending"; expiresAtMs: number }
  | { kind: "refuse"; outcome: "approval_denied" | "approval_expired"; message: string }
  /** Another identical call consumed the approval first: this one needs a new approval. */
  | { kind: "taken" }
  | { kind: "aborted" };

export class ApprovalGate {
  constructor(
    private readonly state: ApprovalState,
    private readonly jobs: Producer,
    private readonly waiter: ApprovalWaiter,
    private readonly encryptionKey: Buffer,
    private readonly logger: Logger,
  ) {}

  /**
   * A call the policy sends for approval: let it through when an approval for exactly this call
   * is waiting (consuming it), refuse it when its request was denied or expired, else ask (or
   * keep asking) and tell the caller to hold.
   */
  async check(ctx: CallContext, call: ToolCallParams, decision: Decision, now: number): Promise<GateResult> {
    const settings: ApprovalSettings = decision.approval ?? { timeoutMs: 10 * 60_000, holdMs: 20_000, roles: [], mode: "task" };
    const policy = ctx.grant.policy;
    let argsHash: string;
    try {
      argsHash = sha256Hex(canonicalJson(call.arguments));
    } catch {
      return { kind: "unavailable", message: `Tool ${JSON.stringify(call.name)} needs an approval, but its arguments are nested too deeply to bind one to them.` };
    }
    const binding: ApprovalBinding = {
      orgId: ctx.server.org.orgId,
      identityId: ctx.token.identity.id,
      serverId: ctx.server.server.id,
      toolName: call.name,
      argsHash,
      policyVersionId: policy?.versionId ?? "",
    };
    try {
      const found = await this.state.lookup(binding, newId("approval"), now, settings.timeoutMs);
      if (found.state === "consumed") {
        this.recordConsumed(binding.orgId, found.approvalId, now);
        return { kind: "proceed", approvalId: found.approvalId };
      }
      if (found.state === "denied" || found.state === "expired") {
        return found.state === "denied"
          ? { kind: "refuse", outcome: "approval_denied", approvalId: found.approvalId, message: deniedMessage(call.name, found.approvalId, found.reason) }
          : { kind: "refuse", outcome: "approval_expired", approvalId: found.approvalId, message: expiredMessage(call.name, found.approvalId) };
      }
      // created, or pending: (re)send the persist job. Its id is the approval's, so this is one job;
      // re-sending on every pending retry means a lost enqueue (a crash right after the lookup) heals.
      await this.jobs.enqueue(approvalPersist, {
        approvalId: found.approvalId,
        orgId: binding.orgId,
        identityId: binding.identityId,
        serverId: binding.serverId,
        grantId: ctx.grant.grant.id,
        toolName: call.name,
        argsHash,
        argKeys: Object.keys(call.arguments).sort(),
        argsEnc: encryptText(this.encryptionKey, JSON.stringify(call.arguments)),
        policyVersionId: binding.policyVersionId,
        bundleRevision: ctx.server.org.bundle.revision,
        rule: decision.rule,
        roles: settings.roles.length > 0 ? settings.roles : DEFAULT_ROLES,
        requestedAt: new Date(found.state === "created" ? now : found.expiresAtMs - settings.timeoutMs).toISOString(),
        expiresAt: new Date(found.expiresAtMs).toISOString(),
        timeoutMs: settings.timeoutMs,
      });
      return { kind: "hold", approvalId: found.approvalId, expiresAtMs: found.expiresAtMs, holdMs: settings.holdMs, mode: settings.mode, timeoutMs: settings.timeoutMs, roles: settings.roles.length > 0 ? settings.roles : DEFAULT_ROLES, created: found.state === "created" };
    } catch (error) {
      this.logger.warn("approval state unavailable", { orgId: binding.orgId, error: errorMessage(error) });
      return {
        kind: "unavailable",
        message: `Tool ${JSON.stringify(call.name)} needs a human approval, but the approval store is unreachable, so the call was refused (fail closed). Retry shortly.`,
      };
    }
  }

  /** Holds for up to `holdMs`, waking on news for this approval; consumes it when approved. */
  async hold(orgId: string, approvalId: string, holdMs: number, signal: AbortSignal, onTick: () => void, toolName: string): Promise<HoldResult> {
    const wake = this.waiter.watch(approvalId);
    try {
      await this.waiter.whenReady();
      const deadline = Date.now() + holdMs;
      let lastTick = Date.now();
      for (;;) {
        if (signal.aborted) return { kind: "aborted" };
        const now = Date.now();
        const claim = await this.state.claim(orgId, approvalId, now);
        switch (claim.state) {
          case "consumed":
            this.recordConsumed(orgId, approvalId, now);
            return { kind: "proceed" };
          case "taken":
            return { kind: "taken" };
          case "denied":
            return { kind: "refuse", outcome: "approval_denied", message: deniedMessage(toolName, approvalId, claim.reason) };
          case "expired":
            return { kind: "refuse", outcome: "approval_expired", message: expiredMessage(toolName, approvalId) };
          case "missing":
            // Redis lost it; the persist job puts it back. Tell the agent to retry.
            return { kind: "pending", expiresAtMs: deadline };
        }
        const remaining = Math.min(deadline, claim.expiresAtMs) - now;
        if (remaining <= 0) return now >= claim.expiresAtMs ? { kind: "refuse", outcome: "approval_expired", message: expiredMessage(toolName, approvalId) } : { kind: "pending", expiresAtMs: claim.expiresAtMs };
        if (now - lastTick >= HOLD_TICK_MS) {
          onTick();
          lastTick = now;
        }
        await wake.next(Math.min(remaining, HOLD_TICK_MS), signal);
      }
    } catch (error) {
      this.logger.warn("approval hold failed", { approvalId, error: errorMessage(error) });
      return { kind: "pending", expiresAtMs: Date.now() };
    } finally {
      wake.close();
    }
  }

  private recordConsumed(orgId: string, approvalId: string, now: number): void {
    void this.jobs.enqueue(approvalConsumed, { orgId, approvalId, consumedAt: new Date(now).toISOString() }).catch((error: unknown) => {
      // The call went through (Redis recorded the consumption); only the history row lags.
      this.logger.warn("approval.consumed not enqueued", { approvalId, error: errorMessage(error) });
    });
  }
}

export function pendingMessage(toolName: string, rule: string, approvalId: string, expiresAtMs: number): string {
  return (
    `Tool ${JSON.stringify(toolName)} needs a human approval (${rule}). Approval ${approvalId} is waiting for a decision; ` +
    `retry the identical call once it is approved (the request expires at ${new Date(expiresAtMs).toISOString()}).`
  );
}

function deniedMessage(toolName: string, approvalId: string, reason: string | null): string {
  return `Tool ${JSON.stringify(toolName)} was not approved (approval ${approvalId}): ${reason ?? "the approver gave no reason"}`;
}

function expiredMessage(toolName: string, approvalId: string): string {
  return `Approval ${approvalId} for tool ${JSON.stringify(toolName)} expired before anyone decided it; call again to ask anew.`;
}
