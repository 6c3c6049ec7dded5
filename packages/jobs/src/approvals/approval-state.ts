// Typed access to the live approval state (approval-scripts.ts) and the approvals channel.
// The proxy looks up, creates and claims; the control plane settles (decide, expire) and
// restores; both publish ApprovalEvents.
import { createHash } from "node:crypto";
import { ApprovalEvent } from "@gatehouse/shared";
import type { Redis } from "ioredis";
import { APPROVAL_CLAIM_LUA, APPROVAL_LOOKUP_LUA, APPROVAL_RESTORE_LUA, APPROVAL_SETTLE_LUA } from "./approval-scripts.ts";

/** The exact call an approval covers (POLICY-LANGUAGE.md "Approvals"). */
export type ApprovalBinding = {
  orgId: string;
  identityId: string;
  serverId: string;
  toolName: string;
  /** SHA-256 of the canonical JSON of the arguments. */
  argsHash: string;
  /** The published policy version the call was evaluated under; a new version asks again. */
  policyVersionId: string;
};

export type LookupResult =
  | { state: "consumed"; approvalId: string }
  | { state: "pending"; approvalId: string; expiresAtMs: number }
  | { state: "created"; approvalId: string; expiresAtMs: number }
  | { state: "denied"; approvalId: string; reason: string | null }
  | { state: "expired"; approvalId: string; reason: string | null };

export type ClaimResult =
  | { state: "consumed" | "taken" | "missing" | "expired" }
  | { state: "pending"; expiresAtMs: number }
  | { state: "denied"; reason: string | null };

export type SettleStatus = "approved" | "denied" | "expired";

/** Default key prefix; tests pass their own so runs sharing one Redis never meet. */
export const APPROVALS_PREFIX = "gatehouse:";
/** How long an approved request stays consumable when the policy says nothing else. */
const MIN_TTL_MS = 60_000;

export function bindingHash(b: ApprovalBinding): string {
  return createHash("sha256").update(JSON.stringify([b.orgId, b.identityId, b.serverId, b.toolName, b.argsHash, b.policyVersionId])).digest("hex");
}

type Scripts = {
  ghApprovalLookup(k1: string, k2: string, ...argv: string[]): Promise<string[]>;
  ghApprovalClaim(k1: string, ...argv: string[]): Promise<string[]>;
  ghApprovalSettle(k1: string, k2: string, ...argv: string[]): Promise<string>;
  ghApprovalRestore(k1: string, k2: string, ...argv: string[]): Promise<number>;
};

function withScripts(redis: Redis): Redis & Scripts {
  const r = redis as Redis & Partial<Scripts>;
  if (!r.ghApprovalLookup) {
    redis.defineCommand("ghApprovalLookup", { numberOfKeys: 2, lua: APPROVAL_LOOKUP_LUA });
    redis.defineCommand("ghApprovalClaim", { numberOfKeys: 1, lua: APPROVAL_CLAIM_LUA });
    redis.defineCommand("ghApprovalSettle", { numberOfKeys: 2, lua: APPROVAL_SETTLE_LUA });
    redis.defineCommand("ghApprovalRestore", { numberOfKeys: 2, lua: APPROVAL_RESTORE_LUA });
  }
  return r as Redis & Scripts;
}

const nullable = (s: string | undefined): string | null => (s === undefined || s === "" ? null : s);

export class ApprovalState {
  private readonly redis: Redis & Scripts;
  readonly channel: string;

  constructor(
    redis: Redis,
    readonly prefix: string = APPROVALS_PREFIX,
  ) {
    this.redis = withScripts(redis);
    this.channel = `${prefix}approvals`;
  }

  approvalKeyPrefix(orgId: string): string {
    return `${this.prefix}{apr:${orgId}}:a:`;
  }
  approvalKey(orgId: string, approvalId: string): string {
    return this.approvalKeyPrefix(orgId) + approvalId;
  }
  bindingKey(binding: ApprovalBinding): string {
    return `${this.prefix}{apr:${binding.orgId}}:b:${bindingHash(binding)}`;
  }

  /** Consume a waiting approval, report a pending/denied/expired one, or create a request. */
  async lookup(binding: ApprovalBinding, newId: string, now: number, timeoutMs: number): Promise<LookupResult> {
    const ttl = Math.max(timeoutMs * 2, MIN_TTL_MS);
    const [state, id, detail] = await this.redis.ghApprovalLookup(
      this.bindingKey(binding),
      this.approvalKey(binding.orgId, newId),
      newId,
      String(now),
      String(now + timeoutMs),
      String(ttl),
      this.approvalKeyPrefix(binding.orgId),
    );
    const approvalId = id as string;
    if (state === "consumed") return { state, approvalId };
    if (state === "pending" || state === "created") return { state, approvalId, expiresAtMs: Number(detail) };
    if (state === "denied" || state === "expired") return { state, approvalId, reason: nullable(detail) };
    throw new Error(`unexpected approval lookup state ${state}`);
  }

  /** For a request held on `approvalId`: take the approval if it is granted (exactly once). */
  async claim(orgId: string, approvalId: string, now: number): Promise<ClaimResult> {
    const [state, detail] = await this.redis.ghApprovalClaim(this.approvalKey(orgId, approvalId), String(now), approvalId);
    if (state === "pending") return { state, expiresAtMs: Number(detail) };
    if (state === "denied") return { state, reason: nullable(detail) };
    if (state === "consumed" || state === "taken" || state === "missing" || state === "expired") return { state };
    // cancelled or anything unknown: treat as a refusal without a reason.
    return { state: "denied", reason: null };
  }

  /** Record a decision or expiry; returns "ok" or the status that stands instead. */
  async settle(
    binding: ApprovalBinding,
    approvalId: string,
    decision: { status: SettleStatus; reason: string | null; decidedBy: string | null; now: number; expiresAtMs: number; consumableMs: number },
  ): Promise<"ok" | string> {
    return this.redis.ghApprovalSettle(
      this.approvalKey(binding.orgId, approvalId),
      this.bindingKey(binding),
      decision.status,
      decision.reason ?? "",
      decision.decidedBy ?? "",
      String(decision.now),
      String(decision.expiresAtMs),
      String(Math.max(decision.consumableMs, MIN_TTL_MS)),
      approvalId,
    );
  }

  /** Write back a persisted pending request Redis no longer has; false when it still has it. */
  async restore(binding: ApprovalBinding, approvalId: string, createdAtMs: number, expiresAtMs: number, timeoutMs: number): Promise<boolean> {
    const ttl = Math.max(timeoutMs * 2, expiresAtMs - Date.now() + MIN_TTL_MS, MIN_TTL_MS);
    const done = await this.redis.ghApprovalRestore(
      this.approvalKey(binding.orgId, approvalId),
      this.bindingKey(binding),
      approvalId,
      String(expiresAtMs),
      String(createdAtMs),
      String(ttl),
    );
    return done === 1;
  }

  /**
   * The MCP task an agent is waiting on, per approval id, while that task lives (the proxy's
   * by-approval key, packages/jobs/src/tasks/task-state.ts); approvals without one are absent.
   */
  async tasksOf(orgId: string, approvalIds: readonly string[]): Promise<Map<string, string>> {
    if (approvalIds.length === 0) return new Map();
    const values = await this.redis.mget(...approvalIds.map((id) => `${this.prefix}{apr:${orgId}}:ta:${id}`));
    const found = new Map<string, string>();
    approvalIds.forEach((id, i) => {
      const taskId = values[i];
      if (typeof taskId === "string") found.set(id, taskId);
    });
    return found;
  }

  async publish(event: ApprovalEvent): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify(ApprovalEvent.parse(event)));
  }
}

/** Parses a message from the approvals channel; null when it is not an ApprovalEvent. */
export function parseApprovalEvent(message: string): ApprovalEvent | null {
  try {
    const parsed = ApprovalEvent.safeParse(JSON.parse(message));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
