// Approvals as MCP Tasks (protocol 2025-11-25, SEP-1686; ADR 0010). A tools/call that carries
// task augmentation and waits on an approval is answered at once with a task the proxy owns;
// the proxy answers tasks/get, tasks/result, tasks/list and tasks/cancel for it, and never
// forwards them. All task state is in Redis (TaskState in @gatehouse/jobs): any replica answers,
// a restart loses nothing. A task moves on when any replica hears of its approval (pub/sub) or
// is asked about it (tasks/get, tasks/result); the one whose ADVANCE consumes the approval runs
// the call upstream, exactly once, and stores the result sealed for the task's ttl.
import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { approvalConsumed, approvalWithdraw, isTerminalTask, type Producer, type TaskRecord, type TaskState } from "@gatehouse/jobs";
import { newId } from "@gatehouse/shared";
import { decryptText, encryptText, errorMessage, type Logger } from "@gatehouse/shared/node";
import type { ProxyDeps } from "../deps.ts";
import { sendJson } from "../errors.ts";
import type { CallVerdict, HoldPlan } from "../evaluate-call.ts";
import { isObject, type JsonObject, type JsonRpcId, RPC, rpcError, rpcResult, type ToolCallParams } from "../jsonrpc.ts";
import type { Exchange } from "../exchange.ts";
import type { ApprovalWaiter } from "../approvals/waiter.ts";
import { formatEvent } from "../sse.ts";
import { contextOf, refusedOutcome, runApprovedCall, type TaskOutcome, tokenHashOf } from "./run-approved-call.ts";
import { closedSignal, isProxyTaskId, NOT_FOUND, PROXY_TASK_METHODS, relatedTaskMeta, taskAugmentation, toWireTask, type WireTask } from "./task-wire.ts";
import { UPSTREAM_TASK_PREFIX, UpstreamTasks } from "./upstream-tasks.ts";

/** Suggested to clients between tasks/get polls. */
export const TASK_POLL_INTERVAL_MS = 500;
/** A task outlives its approval's timeout by at least this, so its result can still be fetched. */
const RESULT_KEEP_MS = 10 * 60_000;
const MAX_TTL_MS = 7 * 24 * 3600_000;
/** A replica that began forwarding this long ago and never finished is taken to have died. */
const FORWARD_STALE_MS = 15 * 60_000;
/** tasks/result re-reads the state this often without news. */
const WAIT_TICK_MS = 1_000;
const LIST_PAGE = 50;

type Refused = Extract<CallVerdict, { forward: false }>;
type Allowed = Extract<CallVerdict, { forward: true }>;
type Message = { id: JsonRpcId; method: string; params: unknown; raw: JsonObject };
/** Told each state a waiting tasks/result sees (the first one, then every change). */
type Watch = (record: TaskRecord) => void;

export class ApprovalTasks {
  /** In-process news per task id: this replica finished (or moved) the task. */
  private readonly news = new EventEmitter();
  /** Calls this replica is running, so a second advance here does not start another. */
  private readonly running = new Set<string>();
  private readonly upstream: UpstreamTasks;

  constructor(
    private readonly state: TaskState,
    private readonly jobs: Producer,
    private readonly waiter: ApprovalWaiter,
    private readonly encryptionKey: Buffer,
    private readonly logger: Logger,
  ) {
    this.news.setMaxListeners(0);
    this.upstream = new UpstreamTasks(state, encryptionKey);
  }

  /** Advance the task waiting on an approval whenever that approval has news, on every replica. */
  listen(deps: ProxyDeps): void {
    this.waiter.onEvent((event) => {
      // Only orgs this replica serves (the channel is shared by everything on this Redis).
      if (event.type === "approval.requested" || !deps.store.org(event.orgId)) return;
      void (async () => {
        const taskId = await this.state.taskOfApproval(event.orgId, event.approvalId);
        if (taskId) await this.advance(deps, event.orgId, taskId);
      })().catch((error: unknown) => this.logger.warn("approval task not advanced", { approvalId: event.approvalId, error: errorMessage(error) }));
    });
  }

  /** Does this tools/call become a task: it asked for one, the policy's mode allows it. */
  wants(m: Message, verdict: Refused): verdict is Refused & { hold: HoldPlan } {
    return verdict.hold?.mode === "task" && taskAugmentation(m.params) !== null;
  }

  /**
   * Every tasks/* request is answered here: the proxy's own tasks directly, upstream tasks under
   * the id the proxy gave them (upstream-tasks.ts), and any other id is unknown — never forwarded.
   */
  owns(m: Message): boolean {
    return PROXY_TASK_METHODS.has(m.method);
  }

  /**
   * A lone tasks/result whose client accepts an event stream: answered by `answerStream`, which
   * sends `notifications/tasks/status` on that stream while it waits.
   */
  streamsResult(m: Message, req: IncomingMessage): boolean {
    return m.method === "tasks/result" && /\btext\/event-stream\b/i.test(req.headers.accept ?? "");
  }

  /**
   * tasks/result as server-sent events, the open stream a status notification can travel on.
   * While the task is working the stream is opened at once with the task as it stands, then gets
   * a `notifications/tasks/status` (params: the task as tasks/get returns it) whenever its status
   * or status message changes — the terminal one always before the result — and ends with the
   * result message. A task already terminal, or any refusal, is answered as plain JSON.
   */
  async answerStream(deps: ProxyDeps, ex: Exchange, req: IncomingMessage, res: ServerResponse, m: Message): Promise<void> {
    let open = false;
    let told: string | null = null;
    const watch: Watch = (record) => {
      if (res.writableEnded || res.destroyed) return;
      const task = toWireTask(record);
      const seen = `${task.status}\n${task.statusMessage ?? ""}`;
      if (seen === told) return;
      told = seen;
      if (!open) {
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
        open = true;
      }
      res.write(formatEvent(JSON.stringify(statusNotification(task))));
    };
    const message = await this.answer(deps, ex, req, res, m, watch);
    if (!res.writableEnded && !res.destroyed) {
      if (open) res.end(formatEvent(JSON.stringify(message)));
      else sendJson(res, 200, message);
    }
    ex.log.finish(null, null, null);
  }

  /** An allowed tools/call that asks to run as a task (upstream tasks pass through, renamed). */
  isTaskCall(m: Message): boolean {
    return taskAugmentation(m.params) !== null;
  }

  forward(deps: ProxyDeps, ex: Exchange, req: IncomingMessage, m: Message, call: ToolCallParams, verdict: Allowed): Promise<JsonObject> {
    return this.upstream.forwardCall(deps, ex, req, m, call, verdict);
  }

  /** The task for a call waiting on `verdict.hold`'s approval: CreateTaskResult, at once. */
  async create(ex: Exchange, req: IncomingMessage, m: Message, call: ToolCallParams, verdict: Refused & { hold: HoldPlan }): Promise<JsonObject> {
    const { ctx, log } = ex;
    const plan = verdict.hold;
    const now = Date.now();
    const requestedTtl = taskAugmentation(m.params)?.ttl;
    const floor = Math.max(0, plan.expiresAtMs - now) + RESULT_KEEP_MS;
    const ttlMs = Math.min(Math.max(requestedTtl ?? 0, floor), MAX_TTL_MS);
    const params = { ...(m.params as JsonObject) };
    delete params.task;
    if (isObject(params._meta)) {
      const { progressToken: _unused, ...rest } = params._meta;
      params._meta = rest;
    }
    const headers: Record<string, string> = {};
    for (const name of ["mcp-session-id", "mcp-protocol-version", "user-agent"] as const) {
      const value = req.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    const statusMessage =
      `Waiting for a human with the ${plan.roles.join(" or ")} role to decide approval ${plan.approvalId} ` +
      `(${verdict.rule}) before ${new Date(plan.expiresAtMs).toISOString()}.`;
    try {
      const made = await this.state.create(
        {
          taskId: newId("task"),
          orgId: ctx.server.org.orgId,
          statusMessage,
          ttlMs,
          createdAtMs: now,
          pollIntervalMs: TASK_POLL_INTERVAL_MS,
          identityId: ctx.token.identity.id,
          serverId: ctx.server.server.id,
          tokenHash: tokenHashOf(req.headers.authorization),
          approvalId: plan.approvalId,
          approvalExpiresAtMs: plan.expiresAtMs,
          toolName: call.name,
          rule: verdict.rule,
          callEnc: encryptText(this.encryptionKey, JSON.stringify(params)),
          headersEnc: encryptText(this.encryptionKey, JSON.stringify(headers)),
        },
        now,
      );
      const record = await this.state.get(ctx.server.org.orgId, made.taskId);
      if (!record) throw new Error("task vanished right after it was created");
      const event = log.add({ method: m.method, toolName: call.name, args: call.arguments, outcome: "approval_pending", rule: verdict.rule, message: `${verdict.message} Waiting as task ${made.taskId}.`, approvalId: plan.approvalId });
      return rpcResult(m.id, {
        task: toWireTask(record),
        _meta: { "gatehouse/decision": { outcome: "approval_pending", rule: verdict.rule, decision_id: event.id, retry_after_s: null, approval_id: plan.approvalId, task_id: made.taskId } },
      });
    } catch (error) {
      this.logger.warn("approval task not created", { approvalId: plan.approvalId, error: errorMessage(error) });
      const message = `Tool ${JSON.stringify(call.name)} needs a human approval, but the task store is unreachable, so the call was refused (fail closed). Retry shortly.`;
      log.add({ method: m.method, toolName: call.name, args: call.arguments, outcome: "denied", rule: verdict.rule, message, approvalId: plan.approvalId });
      return rpcError(m.id, -32603, message);
    }
  }

  /** Answers tasks/get, tasks/result, tasks/list or tasks/cancel for the caller's own tasks. */
  async answer(deps: ProxyDeps, ex: Exchange, req: IncomingMessage, res: ServerResponse, m: Message, watch?: Watch): Promise<JsonObject> {
    const { ctx, log } = ex;
    const signal = closedSignal(res);
    const orgId = ctx.server.org.orgId;
    try {
      if (m.method === "tasks/list") {
        const cursor = isObject(m.params) && typeof m.params.cursor === "string" ? Number.parseInt(m.params.cursor, 10) : 0;
        if (!Number.isSafeInteger(cursor) || cursor < 0) {
          log.add({ method: m.method, outcome: "rejected", message: "invalid cursor" });
          return rpcError(m.id, RPC.invalidParams, "Invalid params: unknown cursor.");
        }
        const page = await this.state.list(orgId, ctx.server.server.id, ctx.token.identity.id, cursor, LIST_PAGE);
        log.add({ method: m.method, outcome: "allowed" });
        return rpcResult(m.id, { tasks: page.records.map(toWireTask), ...(page.more ? { nextCursor: String(cursor + LIST_PAGE) } : {}) });
      }
      const taskId = isObject(m.params) ? m.params.taskId : undefined;
      if (typeof taskId !== "string") {
        log.add({ method: m.method, outcome: "rejected", message: "taskId missing" });
        return rpcError(m.id, RPC.invalidParams, "Invalid params: taskId must be a string.");
      }
      if (taskId.startsWith(UPSTREAM_TASK_PREFIX)) return await this.upstream.answer(deps, ex, req, m, taskId);
      let record = await this.ownTask(ex, taskId);
      if (!record) {
        // Another identity's (or org's, or server's) task is indistinguishable from none at all.
        log.add({ method: m.method, outcome: "rejected", message: "unknown task" });
        return rpcError(m.id, RPC.invalidParams, NOT_FOUND);
      }
      log.add({ method: m.method, outcome: "allowed", approvalId: record.approvalId, message: `task ${taskId}` });
      if (m.method === "tasks/cancel") return rpcResult(m.id, await this.cancel(record));
      record = (await this.advance(deps, orgId, taskId)) ?? record;
      if (m.method === "tasks/get") return rpcResult(m.id, toWireTask(record));
      // tasks/result blocks until the task is terminal (the spec's rule), or the client goes away;
      // a streamed one is told the task's states on the way (answerStream).
      if (watch && !isTerminalTask(record.status)) watch(record);
      const done = await this.untilTerminal(deps, record, signal, watch);
      if (!done) return rpcError(m.id, RPC.invalidParams, NOT_FOUND);
      return this.payload(m.id, done);
    } catch (error) {
      if (error instanceof TaskError) return rpcError(m.id, RPC.invalidParams, error.message);
      this.logger.warn("task request failed", { method: m.method, error: errorMessage(error) });
      return rpcError(m.id, -32603, "The task store is unreachable; try again shortly.");
    }
  }

  private async ownTask(ex: Exchange, taskId: string): Promise<TaskRecord | null> {
    if (!isProxyTaskId(taskId)) return null;
    const record = await this.state.get(ex.ctx.server.org.orgId, taskId);
    if (!record || record.serverId !== ex.ctx.server.server.id || record.identityId !== ex.ctx.token.identity.id) return null;
    return record;
  }

  private async cancel(record: TaskRecord): Promise<WireTask | JsonObject> {
    const now = Date.now();
    const cancelled = await this.state.cancel(record.orgId, record, now, "The client cancelled the task; its approval request was withdrawn.");
    if (cancelled.state === "missing") throw new TaskError(NOT_FOUND);
    if (cancelled.state === "terminal") throw new TaskError(`Cannot cancel task in terminal status: ${cancelled.status}`);
    if (cancelled.state === "withdrawn") {
      await this.jobs.enqueue(approvalWithdraw, { orgId: record.orgId, approvalId: record.approvalId, taskId: record.taskId, withdrawnAt: new Date(now).toISOString() }).catch((error: unknown) => {
        // Redis already refuses a decision; only the inbox row lags until the next cancel or expiry.
        this.logger.warn("approval.withdraw not enqueued", { approvalId: record.approvalId, error: errorMessage(error) });
      });
    }
    this.news.emit(record.taskId);
    const after = await this.state.get(record.orgId, record.taskId);
    return toWireTask(after ?? { ...record, status: "cancelled" });
  }

  /**
   * Moves a working task on: nothing while its approval is pending; the refusal when denied or
   * expired; the call upstream when this caller consumed the approval. Returns the task as it
   * stands afterwards (null when it is gone).
   */
  async advance(deps: ProxyDeps, orgId: string, taskId: string): Promise<TaskRecord | null> {
    const record = await this.state.get(orgId, taskId);
    if (record?.status !== "working" || this.running.has(taskId)) return record;
    // Only a replica holding the key that sealed the call may move the task: one of another
    // deployment sharing this Redis (another key) must neither consume the approval nor seal a
    // result its owner cannot open.
    let sealed: { params: JsonObject; headers: Record<string, string> };
    try {
      sealed = { params: JSON.parse(decryptText(this.encryptionKey, record.callEnc)) as JsonObject, headers: JSON.parse(decryptText(this.encryptionKey, record.headersEnc)) as Record<string, string> };
    } catch {
      return record;
    }
    const now = Date.now();
    const step = await this.state.advance(orgId, record, now, FORWARD_STALE_MS);
    const call = (): ToolCallParams => ({ name: String(sealed.params.name), arguments: isObject(sealed.params.arguments) ? sealed.params.arguments : {} });
    const ctx = () => contextOf(deps, record, now);
    switch (step.state) {
      case "pending":
      case "forwarding":
      case "terminal":
      case "missing":
        return step.state === "pending" || step.state === "forwarding" ? record : this.state.get(orgId, taskId);
      case "missing_approval":
        // Redis lost the approval (it keeps nothing on disk); approval.persist puts it back. Past
        // its expiry nothing will: the task ends as the plain call would.
        if (now < record.approvalExpiresAtMs) return record;
        return this.refuse(deps, record, ctx(), call(), "approval_expired", expiredMessage(record));
      case "expired":
        return this.refuse(deps, record, ctx(), call(), "approval_expired", expiredMessage(record));
      case "denied":
        return this.refuse(deps, record, ctx(), call(), "approval_denied", `Tool ${JSON.stringify(record.toolName)} was not approved (approval ${record.approvalId}): ${step.reason ?? "the approver gave no reason"}`);
      case "cancelled":
        await this.state.finish(orgId, taskId, "cancelled", "The approval request was withdrawn.", null, now);
        return this.settled(orgId, taskId);
      case "taken":
        return this.store(record, { status: "failed", error: { code: -32001, message: `Approval ${record.approvalId} was used by an identical call outside this task.` }, message: "approval used elsewhere" }, null);
      case "stale":
        return this.store(record, { status: "failed", error: { code: -32002, message: "The proxy replica running the approved call stopped before the upstream answered; it may or may not have run." }, message: "forwarding replica lost" }, null);
      case "forward": {
        this.running.add(taskId);
        void this.jobs.enqueue(approvalConsumed, { orgId, approvalId: record.approvalId, consumedAt: new Date(now).toISOString() }).catch((error: unknown) => {
          // Redis recorded the consumption; only the history row lags.
          this.logger.warn("approval.consumed not enqueued", { approvalId: record.approvalId, error: errorMessage(error) });
        });
        // Runs in the background: a tasks/get that happened to consume the approval answers
        // `working` at once; waiters on this replica hear of the result through `news`.
        void (async () => {
          try {
            const run = await runApprovedCall(deps, ctx(), { taskId, approvalId: record.approvalId, rule: record.rule, params: sealed.params, call: call(), headers: sealed.headers });
            await this.store(record, run.outcome, run.log);
          } catch (error) {
            this.logger.warn("approved task call not completed", { taskId, error: errorMessage(error) });
            await this.store(record, { status: "failed", error: { code: -32603, message: "The proxy failed while running the approved call." }, message: "proxy error" }, null).catch(() => undefined);
          } finally {
            this.running.delete(taskId);
            this.news.emit(taskId);
          }
        })();
        return (await this.state.get(orgId, taskId)) ?? record;
      }
    }
  }

  private refuse(deps: ProxyDeps, record: TaskRecord, ctx: ReturnType<typeof contextOf>, call: ToolCallParams, outcome: "approval_denied" | "approval_expired", message: string) {
    const refused = refusedOutcome(ctx, deps, call, { outcome, rule: record.rule, message, approvalId: record.approvalId });
    return this.store(record, refused.outcome, refused.log);
  }

  /** Seals and stores the outcome; the decision event goes out only from the replica that stored it. */
  private async store(record: TaskRecord, outcome: TaskOutcome, log: { finish(status: number | null, upstreamMs: number | null, overheadMs: number | null): void } | null): Promise<TaskRecord | null> {
    const sealed = encryptText(this.encryptionKey, JSON.stringify(outcome.status === "completed" ? { result: outcome.result } : { error: outcome.error }));
    const stored = await this.state.finish(record.orgId, record.taskId, outcome.status, outcome.message, sealed, Date.now());
    if (stored) log?.finish(null, null, null);
    return this.settled(record.orgId, record.taskId);
  }

  private async settled(orgId: string, taskId: string): Promise<TaskRecord | null> {
    this.news.emit(taskId);
    return this.state.get(orgId, taskId);
  }

  private async untilTerminal(deps: ProxyDeps, start: TaskRecord, signal: AbortSignal, watch?: Watch): Promise<TaskRecord | null> {
    let record: TaskRecord | null = start;
    const wake = this.waiter.watch(start.approvalId);
    const local: { wake: (() => void) | null } = { wake: null };
    const onNews = () => local.wake?.();
    this.news.on(start.taskId, onNews);
    try {
      while (record && !isTerminalTask(record.status)) {
        if (signal.aborted) return null;
        await Promise.race([
          wake.next(WAIT_TICK_MS, signal),
          new Promise<void>((resolve) => {
            local.wake = resolve;
          }),
        ]);
        local.wake = null;
        record = await this.advance(deps, start.orgId, start.taskId);
        if (record && watch) watch(record);
      }
      return record;
    } finally {
      this.news.off(start.taskId, onNews);
      wake.close();
    }
  }

  private payload(id: JsonRpcId, record: TaskRecord): JsonObject {
    if (record.status === "cancelled") return rpcError(id, RPC.invalidParams, `Task ${record.taskId} was cancelled.`);
    const stored = record.resultEnc ? (JSON.parse(decryptText(this.encryptionKey, record.resultEnc)) as { result?: JsonObject; error?: { code: number; message: string; data?: unknown } }) : {};
    if (stored.error) return rpcError(id, stored.error.code, stored.error.message, stored.error.data);
    const result = stored.result ?? {};
    return rpcResult(id, { ...result, _meta: { ...(isObject(result._meta) ? result._meta : {}), ...relatedTaskMeta(record.taskId) } });
  }
}

/** The SDK's TaskStatusNotificationSchema: params are the task itself (as tasks/get answers it). */
function statusNotification(task: WireTask): JsonObject {
  return { jsonrpc: "2.0", method: "notifications/tasks/status", params: task };
}

/** tasks/cancel's refusals (unknown, terminal): the client's -32602, not a store failure. */
class TaskError extends Error {}

function expiredMessage(record: TaskRecord): string {
  return `Approval ${record.approvalId} for tool ${JSON.stringify(record.toolName)} expired before anyone decided it; call again to ask anew.`;
}
