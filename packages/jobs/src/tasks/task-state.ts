// Typed access to the approval tasks' live state (task-scripts.ts). Only the proxy uses it: it
// creates a task for a task-augmented call waiting on an approval, any replica advances it, and
// the task's sealed result stays here for the task's ttl. Values that could carry a secret (the
// call's arguments, the upstream session id, the result) arrive sealed by the caller.
import type { Redis } from "ioredis";
import { APPROVALS_PREFIX } from "../approvals/approval-state.ts";
import { TASK_ADVANCE_LUA, TASK_CANCEL_LUA, TASK_CREATE_LUA, TASK_FINISH_LUA } from "./task-scripts.ts";

export type TaskStatus = "working" | "completed" | "failed" | "cancelled";

export type TaskRecord = {
  taskId: string;
  orgId: string;
  status: TaskStatus;
  statusMessage: string;
  ttlMs: number;
  createdAtMs: number;
  lastUpdatedAtMs: number;
  pollIntervalMs: number;
  identityId: string;
  serverId: string;
  tokenHash: string;
  approvalId: string;
  approvalExpiresAtMs: number;
  toolName: string;
  rule: string;
  /** Sealed JSON: the tools/call params as the client sent them, without `task`. */
  callEnc: string;
  /** Sealed JSON: the MCP headers to send upstream (session id, protocol version). */
  headersEnc: string;
  /** Sealed JSON: `{ result }` or `{ error }` once terminal. */
  resultEnc: string | null;
  forwardingAtMs: number | null;
};

export type NewTask = Omit<TaskRecord, "status" | "lastUpdatedAtMs" | "resultEnc" | "forwardingAtMs">;

export type AdvanceResult =
  | { state: "terminal"; status: TaskStatus }
  | { state: "missing" | "forwarding" | "stale" | "forward" | "expired" | "cancelled" | "taken" | "missing_approval" }
  | { state: "pending"; expiresAtMs: number }
  | { state: "denied"; reason: string | null };

/** An upstream-owned task as the proxy knows it: who created it, for which tool, under which id upstream. */
export type UpstreamTaskLink = { orgId: string; serverId: string; identityId: string; upstreamTaskId: string; toolName: string; argsEnc: string };

export type CancelResult = { state: "missing" } | { state: "terminal"; status: TaskStatus } | { state: "withdrawn" } | { state: "cancelled"; approvalStatus: string };

type Scripts = {
  ghTaskCreate(k1: string, k2: string, k3: string, ...argv: string[]): Promise<string[]>;
  ghTaskAdvance(k1: string, k2: string, ...argv: string[]): Promise<string[]>;
  ghTaskFinish(k1: string, ...argv: string[]): Promise<number>;
  ghTaskCancel(k1: string, k2: string, ...argv: string[]): Promise<string[]>;
};

function withScripts(redis: Redis): Redis & Scripts {
  const r = redis as Redis & Partial<Scripts>;
  if (!r.ghTaskCreate) {
    redis.defineCommand("ghTaskCreate", { numberOfKeys: 3, lua: TASK_CREATE_LUA });
    redis.defineCommand("ghTaskAdvance", { numberOfKeys: 2, lua: TASK_ADVANCE_LUA });
    redis.defineCommand("ghTaskFinish", { numberOfKeys: 1, lua: TASK_FINISH_LUA });
    redis.defineCommand("ghTaskCancel", { numberOfKeys: 2, lua: TASK_CANCEL_LUA });
  }
  return r as Redis & Scripts;
}

const TERMINAL = new Set<string>(["completed", "failed", "cancelled"]);
export const isTerminalTask = (status: string): boolean => TERMINAL.has(status);

export class TaskState {
  private readonly redis: Redis & Scripts;

  constructor(
    redis: Redis,
    readonly prefix: string = APPROVALS_PREFIX,
  ) {
    this.redis = withScripts(redis);
  }

  private tag(orgId: string): string {
    return `${this.prefix}{apr:${orgId}}`;
  }
  taskKeyPrefix(orgId: string): string {
    return `${this.tag(orgId)}:t:`;
  }
  taskKey(orgId: string, taskId: string): string {
    return this.taskKeyPrefix(orgId) + taskId;
  }
  listKey(orgId: string, serverId: string, identityId: string): string {
    return `${this.tag(orgId)}:tl:${serverId}:${identityId}`;
  }
  byApprovalKey(orgId: string, approvalId: string): string {
    return `${this.tag(orgId)}:ta:${approvalId}`;
  }
  private approvalKey(orgId: string, approvalId: string): string {
    // The same key ApprovalState uses (approval-state.ts).
    return `${this.tag(orgId)}:a:${approvalId}`;
  }

  /** Creates the task, or returns the id of the owner's working task on the same approval. */
  async create(task: NewTask, now: number): Promise<{ taskId: string; created: boolean }> {
    const fields: Record<string, string> = {
      status: "working",
      statusMessage: task.statusMessage,
      ttl: String(task.ttlMs),
      createdAt: String(task.createdAtMs),
      lastUpdatedAt: String(task.createdAtMs),
      pollInterval: String(task.pollIntervalMs),
      identityId: task.identityId,
      serverId: task.serverId,
      tokenHash: task.tokenHash,
      approvalId: task.approvalId,
      approvalExpiresAt: String(task.approvalExpiresAtMs),
      toolName: task.toolName,
      rule: task.rule,
      call: task.callEnc,
      headers: task.headersEnc,
    };
    const [state, id] = await this.redis.ghTaskCreate(
      this.taskKey(task.orgId, task.taskId),
      this.listKey(task.orgId, task.serverId, task.identityId),
      this.byApprovalKey(task.orgId, task.approvalId),
      task.taskId,
      String(task.ttlMs),
      String(now),
      this.taskKeyPrefix(task.orgId),
      task.identityId,
      task.serverId,
      ...Object.entries(fields).flat(),
    );
    return { taskId: id as string, created: state === "created" };
  }

  async get(orgId: string, taskId: string): Promise<TaskRecord | null> {
    const h = await this.redis.hgetall(this.taskKey(orgId, taskId));
    if (!h.status) return null;
    return {
      taskId,
      orgId,
      status: h.status as TaskStatus,
      statusMessage: h.statusMessage ?? "",
      ttlMs: Number(h.ttl),
      createdAtMs: Number(h.createdAt),
      lastUpdatedAtMs: Number(h.lastUpdatedAt),
      pollIntervalMs: Number(h.pollInterval),
      identityId: h.identityId ?? "",
      serverId: h.serverId ?? "",
      tokenHash: h.tokenHash ?? "",
      approvalId: h.approvalId ?? "",
      approvalExpiresAtMs: Number(h.approvalExpiresAt),
      toolName: h.toolName ?? "",
      rule: h.rule ?? "",
      callEnc: h.call ?? "",
      headersEnc: h.headers ?? "",
      resultEnc: h.result ?? null,
      forwardingAtMs: h.forwardingAt ? Number(h.forwardingAt) : null,
    };
  }

  /** Remembers an upstream task under the proxy's namespaced id, for `ttlMs`. */
  async linkUpstream(proxyTaskId: string, link: UpstreamTaskLink, ttlMs: number): Promise<void> {
    const key = `${this.tag(link.orgId)}:ut:${proxyTaskId}`;
    await this.redis
      .multi()
      .hset(key, { serverId: link.serverId, identityId: link.identityId, upstreamTaskId: link.upstreamTaskId, toolName: link.toolName, args: link.argsEnc })
      .pexpire(key, ttlMs)
      .exec();
  }

  async upstreamLink(orgId: string, proxyTaskId: string): Promise<UpstreamTaskLink | null> {
    const h = await this.redis.hgetall(`${this.tag(orgId)}:ut:${proxyTaskId}`);
    if (!h.upstreamTaskId) return null;
    return { orgId, serverId: h.serverId ?? "", identityId: h.identityId ?? "", upstreamTaskId: h.upstreamTaskId, toolName: h.toolName ?? "", argsEnc: h.args ?? "" };
  }

  /** The task waiting on `approvalId`, if any. */
  async taskOfApproval(orgId: string, approvalId: string): Promise<string | null> {
    return this.redis.get(this.byApprovalKey(orgId, approvalId));
  }

  /** The owner's task ids, newest first; ids whose task has expired are dropped on the way. */
  async list(orgId: string, serverId: string, identityId: string, offset: number, count: number): Promise<{ records: TaskRecord[]; more: boolean }> {
    const key = this.listKey(orgId, serverId, identityId);
    const ids = await this.redis.zrevrange(key, offset, offset + count);
    const records: TaskRecord[] = [];
    const gone: string[] = [];
    for (const id of ids.slice(0, count)) {
      const record = await this.get(orgId, id);
      if (record) records.push(record);
      else gone.push(id);
    }
    if (gone.length > 0) await this.redis.zrem(key, ...gone);
    return { records, more: ids.length > count };
  }

  async advance(orgId: string, task: Pick<TaskRecord, "taskId" | "approvalId">, now: number, staleMs: number): Promise<AdvanceResult> {
    const [state, detail] = await this.redis.ghTaskAdvance(this.taskKey(orgId, task.taskId), this.approvalKey(orgId, task.approvalId), String(now), task.approvalId, String(staleMs));
    switch (state) {
      case "terminal":
        return { state, status: detail as TaskStatus };
      case "pending":
        return { state, expiresAtMs: Number(detail) };
      case "denied":
        return { state, reason: detail === undefined || detail === "" ? null : detail };
      case "missing":
      case "forwarding":
      case "stale":
      case "forward":
      case "expired":
      case "cancelled":
      case "taken":
      case "missing_approval":
        return { state };
      default:
        // Any other approval status is a refusal without a reason.
        return { state: "denied", reason: null };
    }
  }

  /** Records the terminal status; false when the task was no longer working. */
  async finish(orgId: string, taskId: string, status: Exclude<TaskStatus, "working">, statusMessage: string, resultEnc: string | null, now: number): Promise<boolean> {
    return (await this.redis.ghTaskFinish(this.taskKey(orgId, taskId), status, statusMessage, resultEnc ?? "", String(now))) === 1;
  }

  async cancel(orgId: string, task: Pick<TaskRecord, "taskId" | "approvalId">, now: number, statusMessage: string): Promise<CancelResult> {
    const [state, detail] = await this.redis.ghTaskCancel(this.taskKey(orgId, task.taskId), this.approvalKey(orgId, task.approvalId), String(now), task.approvalId, statusMessage);
    if (state === "missing" || state === "withdrawn") return { state };
    if (state === "terminal") return { state, status: detail as TaskStatus };
    return { state: "cancelled", approvalStatus: detail ?? "" };
  }
}
