// Upstream-owned tasks passing through (ADR 0010). A task-augmented tools/call the policy allows
// is forwarded; when the upstream answers with a task, its id is replaced by one the proxy mints
// (`upt_…`, remembered in Redis with the caller and the tool), so proxy-owned and upstream-owned
// ids never collide and nobody can reach an upstream task the proxy did not hand them.
// tasks/get, tasks/result and tasks/cancel for such an id are evaluated again — a task of a tool
// now denied or hidden is refused — then forwarded with the upstream's id and answered with ours.
import type { IncomingMessage } from "node:http";
import type { TaskState } from "@gatehouse/jobs";
import { evaluate } from "@gatehouse/policy";
import { newId } from "@gatehouse/shared";
import { decryptText, encryptText, errorMessage } from "@gatehouse/shared/node";
import type { ProxyDeps } from "../deps.ts";
import { type CallVerdict, evalContext } from "../evaluate-call.ts";
import { classifyUpstreamError, type UpstreamResponse } from "../forward.ts";
import { isObject, type JsonObject, type JsonRpcId, rpcError, type ToolCallParams } from "../jsonrpc.ts";
import { ResponseTracker } from "../response-inspect.ts";
import { type Exchange, logAllowedCall } from "../exchange.ts";
import { pinnedRefusal } from "../tool-pins.ts";
import { readAnswer } from "./run-approved-call.ts";
import { NOT_FOUND, RELATED_TASK_META_KEY } from "./task-wire.ts";

type Allowed = Extract<CallVerdict, { forward: true }>;
type Message = { id: JsonRpcId; method: string; params: unknown; raw: JsonObject };

/** How long the proxy remembers an upstream task whose ttl the upstream left open. */
const DEFAULT_LINK_TTL_MS = 24 * 3600_000;
const MAX_LINK_TTL_MS = 7 * 24 * 3600_000;
/** The proxy's own refusal of a request about an upstream task (ours, not the client's protocol error). */
const POLICY_REFUSED = -32002;

export const UPSTREAM_TASK_PREFIX = "upt_";

export class UpstreamTasks {
  constructor(
    private readonly state: TaskState,
    private readonly encryptionKey: Buffer,
  ) {}

  /** Forwards an allowed task-augmented call; a task in the answer gets the proxy's id. */
  async forwardCall(deps: ProxyDeps, ex: Exchange, req: IncomingMessage, m: Message, call: ToolCallParams, verdict: Allowed): Promise<JsonObject> {
    const { ctx, log } = ex;
    // The same event the plain path logs (violation paths of a shadow validation included).
    const event = logAllowedCall(log, call, verdict);
    const tracker = new ResponseTracker(ctx.grant.plan, deps.limiter, false);
    tracker.trackCall({ id: m.id, event, held: verdict.held });
    tracker.expectResponse(m.id);
    const answer = await this.send(deps, ex, req, JSON.stringify(m.raw), m.id, tracker);
    if (!isObject(answer.result) || !isObject(answer.result.task) || typeof answer.result.task.taskId !== "string") return answer;
    const upstreamTaskId = answer.result.task.taskId;
    const ttl = answer.result.task.ttl;
    const proxyTaskId = newId("upstreamTask");
    await this.state.linkUpstream(
      proxyTaskId,
      {
        orgId: ctx.server.org.orgId,
        serverId: ctx.server.server.id,
        identityId: ctx.token.identity.id,
        upstreamTaskId,
        toolName: call.name,
        argsEnc: encryptText(this.encryptionKey, JSON.stringify(call.arguments)),
      },
      typeof ttl === "number" && ttl > 0 ? Math.min(ttl + 60_000, MAX_LINK_TTL_MS) : DEFAULT_LINK_TTL_MS,
    );
    return { ...answer, result: { ...answer.result, task: { ...answer.result.task, taskId: proxyTaskId } } };
  }

  /** tasks/get, tasks/result or tasks/cancel for an upstream task the caller owns. */
  async answer(deps: ProxyDeps, ex: Exchange, req: IncomingMessage, m: Message, taskId: string): Promise<JsonObject> {
    const { ctx, log } = ex;
    const link = await this.state.upstreamLink(ctx.server.org.orgId, taskId);
    if (!link || link.serverId !== ctx.server.server.id || link.identityId !== ctx.token.identity.id) {
      log.add({ method: m.method, outcome: "rejected", message: "unknown task" });
      return rpcError(m.id, -32602, NOT_FOUND);
    }
    // The task's tool must still be one this identity may call.
    const args = JSON.parse(decryptText(this.encryptionKey, link.argsEnc)) as Record<string, unknown>;
    const quarantined = pinnedRefusal(ctx.server.server, link.toolName, deps.toolDrift);
    const decision = evaluate(ctx.grant.plan, { name: link.toolName, arguments: args }, evalContext(ctx, Date.now()), ctx.server.validators ?? null);
    if (quarantined || decision.outcome === "deny") {
      const message = `Task ${taskId} belongs to tool ${JSON.stringify(link.toolName)}, which this identity may no longer use: ${quarantined ?? decision.message}`;
      log.add({ method: m.method, toolName: link.toolName, outcome: "denied", rule: decision.rule, message });
      return rpcError(m.id, POLICY_REFUSED, `[POLICY DENIED] ${message}`, { gatehouse: { code: "policy_denied", rule: decision.rule, requestId: ex.requestId } });
    }
    log.add({ method: m.method, toolName: link.toolName, outcome: "allowed", message: `upstream task ${taskId}` });
    const params = { ...(isObject(m.params) ? m.params : {}), taskId: link.upstreamTaskId };
    const answer = await this.send(deps, ex, req, JSON.stringify({ jsonrpc: "2.0", id: m.id, method: m.method, params }), m.id, new ResponseTracker(ctx.grant.plan, deps.limiter, false));
    return renameTask(answer, link.upstreamTaskId, taskId);
  }

  private async send(deps: ProxyDeps, ex: Exchange, req: IncomingMessage, body: string, id: JsonRpcId, tracker: ResponseTracker): Promise<JsonObject> {
    const { ctx, log } = ex;
    const target = ctx.server.upstream;
    if (target.configError !== null) {
      tracker.failPending("the server's upstream configuration is unusable");
      log.markUpstreamError(target.configError);
      return rpcError(id, -32005, target.configError);
    }
    let upstream: UpstreamResponse;
    try {
      upstream = await deps.upstream.request(target, "POST", req.headers, body, AbortSignal.timeout(120_000), false);
    } catch (error) {
      const kind = classifyUpstreamError(error);
      tracker.failPending(`upstream ${kind}`);
      log.markUpstreamError(`upstream ${kind}`);
      deps.logger.warn("upstream task request failed", { requestId: ex.requestId, kind, error: errorMessage(error) });
      return rpcError(id, -32002, `The upstream could not be reached (${kind}).`, { gatehouse: { code: `upstream_${kind}`, requestId: ex.requestId } });
    }
    if (upstream.statusCode >= 400) {
      await upstream.body.dump();
      tracker.failPending(`upstream answered HTTP ${upstream.statusCode}`);
      log.markUpstreamError(`upstream answered HTTP ${upstream.statusCode}`);
      return rpcError(id, -32002, `The upstream answered HTTP ${upstream.statusCode}.`, { gatehouse: { code: "upstream_bad_response", requestId: ex.requestId } });
    }
    const answer = await readAnswer(upstream, id, tracker);
    if (!answer) {
      tracker.failPending("the upstream response carried no result for this call");
      log.markUpstreamError("the upstream response carried no result");
      return rpcError(id, -32002, "The upstream's answer carried no result.", { gatehouse: { code: "upstream_bad_response", requestId: ex.requestId } });
    }
    return answer;
  }
}

/** The upstream's answer with its task id replaced by the proxy's (tasks/get and tasks/cancel results, tasks/result's related-task meta). */
function renameTask(answer: JsonObject, upstreamTaskId: string, proxyTaskId: string): JsonObject {
  if (!isObject(answer.result)) return answer;
  const result: JsonObject = { ...answer.result };
  if (result.taskId === upstreamTaskId) result.taskId = proxyTaskId;
  if (isObject(result._meta) && isObject(result._meta[RELATED_TASK_META_KEY])) {
    result._meta = { ...result._meta, [RELATED_TASK_META_KEY]: { taskId: proxyTaskId } };
  }
  return { ...answer, result };
}
