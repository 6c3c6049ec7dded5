// A single tools/call waiting for a human, held open for the policy's `hold`. When the client
// accepts SSE (every Streamable HTTP client does) the answer is an event stream opened at once,
// with MCP progress notifications while waiting if the call carried a progress token; otherwise
// the JSON answer simply comes late. Approved inside the hold → limits, forward, relay into the
// same response. Denied → approval_denied with the reason. Neither → approval_pending.
import type { IncomingMessage, ServerResponse } from "node:http";
import { errorMessage } from "@gatehouse/shared/node";
import type { ProxyDeps } from "../deps.ts";
import { sendJson, sendUpstreamFailure, upstreamFailure } from "../errors.ts";
import { type CallVerdict, type HoldPlan, reserveForCall } from "../evaluate-call.ts";
import { classifyUpstreamError, type UpstreamResponse } from "../forward.ts";
import { isObject, type JsonObject, type JsonRpcId, rpcError, rpcResult, type ToolCallParams } from "../jsonrpc.ts";
import { refusalResult } from "../refusal.ts";
import { relayResponse } from "../relay.ts";
import { ResponseTracker } from "../response-inspect.ts";
import type { Exchange } from "../exchange.ts";
import { formatEvent } from "../sse.ts";
import { relayIntoStream } from "./relay-into-stream.ts";

export type HeldMessage = { id: JsonRpcId; raw: JsonObject };

type Refused = Extract<CallVerdict, { forward: false }>;

export async function holdCall(
  deps: ProxyDeps,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  m: HeldMessage,
  call: ToolCallParams,
  verdict: Refused & { hold: HoldPlan },
): Promise<void> {
  const { ctx, log } = ex;
  const gate = deps.approvals;
  const plan = verdict.hold;
  const sse = /\btext\/event-stream\b/i.test(req.headers.accept ?? "");
  const progressToken = progressTokenOf(m.raw);
  const abort = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) abort.abort();
  });
  if (sse) {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.flushHeaders();
  }
  let progress = 0;
  const tick = () => {
    if (!sse || progressToken === undefined || res.writableEnded) return;
    progress += 1;
    const note = { jsonrpc: "2.0", method: "notifications/progress", params: { progressToken, progress, message: `Waiting for a human to decide approval ${plan.approvalId}` } };
    res.write(formatEvent(JSON.stringify(note)));
  };
  tick();

  const answer = (message: JsonObject) => {
    if (res.writableEnded || abort.signal.aborted) return;
    if (sse) res.end(formatEvent(JSON.stringify(message)));
    else sendJson(res, 200, message);
  };
  const refuse = (outcome: Refused["outcome"], rule: string, message: string, approvalId: string | null, retryAfterS: number | null = null) => {
    const event = log.add({ method: "tools/call", toolName: call.name, args: call.arguments, outcome, rule, message, approvalId });
    answer(rpcResult(m.id, refusalResult({ outcome, rule, message, retryAfterS, decisionId: event.id, approvalId })));
    log.finish(null, null, null);
  };

  const held = gate ? await gate.hold(ctx.server.org.orgId, plan.approvalId, plan.holdMs, abort.signal, tick, call.name) : ({ kind: "pending", expiresAtMs: plan.expiresAtMs } as const);
  switch (held.kind) {
    case "aborted":
      // The client went away; the request stays pending for its retry.
      log.add({ method: "tools/call", toolName: call.name, args: call.arguments, outcome: "approval_pending", rule: verdict.rule, message: verdict.message, approvalId: plan.approvalId });
      return log.finish(null, null, null);
    case "pending":
      return refuse("approval_pending", verdict.rule, verdict.message, plan.approvalId, verdict.retryAfterS);
    case "refuse":
      return refuse(held.outcome, verdict.rule, held.message, plan.approvalId);
    case "taken": {
      // An identical call took this approval first: ask again (or report what stands now).
      const again = await deps.approvals?.check(ctx, call, { outcome: "approval_required", rule: verdict.rule, message: verdict.message, reservations: [...plan.reservations], approval: null, shadow: null }, Date.now());
      if (again?.kind === "hold") return refuse("approval_pending", verdict.rule, verdict.message.replace(plan.approvalId, again.approvalId), again.approvalId, verdict.retryAfterS);
      if (again?.kind === "refuse") return refuse(again.outcome, verdict.rule, again.message, again.approvalId);
      if (again?.kind !== "proceed") return refuse("approval_pending", verdict.rule, verdict.message, plan.approvalId, verdict.retryAfterS);
      break;
    }
    case "proceed":
      break;
  }

  // Approved: the call continues at evaluation step 7 (limits), then goes upstream.
  const allowed = await reserveForCall(ctx, call, plan.reservations, deps.limiter, Date.now(), plan.shadow, plan.approvalId);
  if (!allowed.forward) return refuse(allowed.outcome, allowed.rule, allowed.message, plan.approvalId, allowed.retryAfterS);
  const event = log.add({ method: "tools/call", toolName: call.name, args: call.arguments, outcome: "allowed", shadowOutcome: allowed.shadowOutcome, approvalId: plan.approvalId });
  const tracker = new ResponseTracker(ctx.grant.plan, deps.limiter, false);
  tracker.trackCall({ id: m.id, event, held: allowed.held });
  tracker.expectResponse(m.id);
  const target = ctx.server.upstream;
  if (target.configError !== null) {
    tracker.failPending("the server's upstream configuration is unusable");
    log.markUpstreamError(target.configError);
    answer(rpcError(m.id, -32005, target.configError));
    return log.finish(null, null, null);
  }
  const upstreamStart = performance.now();
  let upstream: UpstreamResponse;
  try {
    upstream = await deps.upstream.request(target, "POST", req.headers, body, abort.signal, false);
  } catch (error) {
    const upstreamMs = performance.now() - upstreamStart;
    if (abort.signal.aborted) return log.finish(null, upstreamMs, null);
    const kind = classifyUpstreamError(error);
    tracker.failPending(`upstream ${kind}`);
    log.markUpstreamError(`upstream ${kind}`);
    log.finish(null, upstreamMs, null);
    deps.logger.warn("upstream request failed", { requestId: ex.requestId, serverId: ctx.server.server.id, kind, error: errorMessage(error) });
    if (!sse) return sendUpstreamFailure(res, kind, [m.id], ex.requestId);
    const f = upstreamFailure(kind);
    return answer(rpcError(m.id, f.rpc, f.message, { gatehouse: { code: `upstream_${kind}`, requestId: ex.requestId } }));
  }
  const status = upstream.statusCode;
  try {
    if (status >= 400) log.markUpstreamError(`upstream answered HTTP ${status}`);
    if (sse) await relayIntoStream({ res, upstream, tracker, id: m.id, signal: abort.signal });
    else await relayResponse({ res, upstream, tracker, local: [], batch: false, signal: abort.signal });
  } catch (error) {
    if (!abort.signal.aborted) tracker.failPending("the upstream response could not be read");
    log.markUpstreamError("the upstream response could not be read");
    deps.logger.warn("upstream response failed", { requestId: ex.requestId, serverId: ctx.server.server.id, error: errorMessage(error) });
    if (!res.headersSent) sendUpstreamFailure(res, "bad_response", [m.id], ex.requestId);
    else if (!res.writableEnded) res.destroy();
  } finally {
    log.finish(status, Math.round((performance.now() - upstreamStart) * 1000) / 1000, null);
  }
}

function progressTokenOf(raw: JsonObject): string | number | undefined {
  const params = raw.params;
  if (!isObject(params) || !isObject(params._meta)) return undefined;
  const token = params._meta.progressToken;
  return typeof token === "string" || typeof token === "number" ? token : undefined;
}
