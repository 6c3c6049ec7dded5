// POST /mcp/<server-id> — JSON-RPC messages from the agent. Each message of a (possibly batched)
// body is classified and, for tools/call, decided before anything moves; refusals and protocol
// errors are answered here, the rest is forwarded as one upstream request and the answers
// merged. Order of work per call: evaluate → reserve → forward → settle quota → log.
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody } from "../body.ts";
import type { ProxyDeps } from "../deps.ts";
import { sendClientProtocolError, sendJson, sendOurError, sendUpstreamFailure } from "../errors.ts";
import { decideToolCall, sessionBucketId } from "../evaluate-call.ts";
import { classifyUpstreamError, type UpstreamResponse } from "../forward.ts";
import {
  classifyMessage,
  isObject,
  type JsonObject,
  type JsonRpcId,
  MAX_PARAMS_DEPTH,
  nestsDeeperThan,
  parseToolCallParams,
  RPC,
  repeatedRequestId,
  rpcError,
  rpcResult,
} from "../jsonrpc.ts";
import { errorMessage } from "@gatehouse/shared/node";
import { checkNotificationMethod, checkRequestMethod, methodsFor, shortMethod } from "../mcp-methods.ts";
import { refusalResult } from "../refusal.ts";
import { holdCall } from "../approvals/hold-call.ts";
import { relayResponse } from "../relay.ts";
import { ResponseTracker } from "../response-inspect.ts";
import type { Exchange } from "./mcp.ts";

// Far above what any MCP client sends (batching left the protocol in 2025-06-18), and it bounds
// the sequential evaluation work one request can cause.
const MAX_BATCH = 100;

export async function handlePost(deps: ProxyDeps, ex: Exchange, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const tracker = new ResponseTracker(ex.ctx.grant.plan, deps.limiter, false, { server: ex.ctx.server.server, drift: deps.toolDrift });
  try {
    await postExchange(deps, ex, req, res, tracker);
  } catch (error) {
    // Whatever failed, no quota stays reserved for a call that got no result and the exchange
    // is logged; server.ts answers 500.
    tracker.failPending("the proxy failed while handling this request");
    if (!ex.log.isFinished) {
      ex.log.add({ method: "(exchange)", outcome: "rejected", message: "internal proxy error" });
      ex.log.finish(null, null, null);
    }
    throw error;
  }
}

async function postExchange(deps: ProxyDeps, ex: Exchange, req: IncomingMessage, res: ServerResponse, tracker: ResponseTracker): Promise<void> {
  const { ctx, log } = ex;
  const limit = ctx.server.server.maxBodyBytes;
  const read = await readBody(req, limit, deps.limits.bodyIdleTimeoutMs);
  if (read.kind === "too_large") {
    log.add({ method: "(unread)", outcome: "rejected", message: `request body over ${limit} bytes` });
    log.finish(null, null, null);
    return sendOurError(res, "body_too_large", `Request body exceeds this server's limit of ${limit} bytes.`, ex.requestId);
  }
  if (read.kind === "idle") {
    log.add({ method: "(unread)", outcome: "rejected", message: `request body stalled for ${deps.limits.bodyIdleTimeoutMs} ms` });
    log.finish(null, null, null);
    sendOurError(res, "request_timeout", "The request body stopped arriving; the connection is closed.", ex.requestId, { connection: "close" });
    // Never wait for the rest of a body that is not coming.
    res.once("finish", () => req.socket.destroy());
    return;
  }
  const body = read.body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    log.add({ method: "(unparsable)", outcome: "rejected", message: "body is not valid JSON" });
    log.finish(null, null, null);
    return sendClientProtocolError(res, RPC.parseError, "Parse error: the request body is not valid JSON.");
  }
  const batch = Array.isArray(parsed);
  const elements: unknown[] = batch ? (parsed as unknown[]) : [parsed];
  if (batch && (elements.length === 0 || elements.length > MAX_BATCH)) {
    log.add({ method: "(batch)", outcome: "rejected", message: `batch of ${elements.length} messages` });
    log.finish(null, null, null);
    return sendClientProtocolError(res, RPC.invalidRequest, `Invalid Request: a batch must hold 1 to ${MAX_BATCH} messages.`);
  }
  const repeated = batch ? repeatedRequestId(elements) : null;
  if (repeated !== null) {
    log.add({ method: "(batch)", outcome: "rejected", message: `request id ${JSON.stringify(repeated)} occurs more than once in the batch` });
    log.finish(null, null, null);
    return sendClientProtocolError(res, RPC.invalidRequest, `Invalid Request: request id ${JSON.stringify(repeated)} occurs more than once in the batch; every request id must be unique.`);
  }

  const local: JsonObject[] = [];
  const forwarded: unknown[] = [];
  const forwardedIds: JsonRpcId[] = [];
  let onlyInvalid = true;
  const now = Date.now();
  const sessionId = sessionBucketId(req.headers["mcp-session-id"]);
  const methods = methodsFor(req.headers["mcp-protocol-version"] ?? initializeVersion(elements));
  for (const raw of elements) {
    const m = classifyMessage(raw);
    if (m.kind === "invalid") {
      log.add({ method: "(invalid)", outcome: "rejected", message: m.reason });
      local.push(rpcError(m.id, RPC.invalidRequest, `Invalid Request: ${m.reason}.`));
      continue;
    }
    if (m.kind !== "response" && nestsDeeperThan(m.params, MAX_PARAMS_DEPTH)) {
      const reason = `params nest deeper than ${MAX_PARAMS_DEPTH} levels`;
      log.add({ method: shortMethod(m.method), toolName: toolNameOf(m.method, m.params), outcome: "rejected", message: reason });
      local.push(rpcError(m.kind === "request" ? m.id : null, RPC.invalidParams, `Invalid params: ${reason}.`));
      if (m.kind === "request") onlyInvalid = false;
      continue;
    }
    if (m.kind === "notification") {
      const verdict = checkNotificationMethod(methods, m.method);
      if (!verdict.ok) {
        // A notification cannot be answered by id; the refusal carries id null.
        log.add({ method: shortMethod(m.method), toolName: toolNameOf(m.method, m.params), outcome: "rejected", message: verdict.reason });
        local.push(rpcError(null, verdict.code, `${verdict.code === RPC.methodNotFound ? "Method not found" : "Invalid Request"}: ${verdict.reason}.`));
        continue;
      }
    }
    onlyInvalid = false;
    if (m.kind !== "request") {
      log.add({ method: m.kind === "notification" ? m.method : "(response)", outcome: "allowed" });
      forwarded.push(raw);
      continue;
    }
    const allowed = checkRequestMethod(methods, m.method);
    if (!allowed.ok) {
      log.add({ method: shortMethod(m.method), outcome: "rejected", message: allowed.reason });
      local.push(rpcError(m.id, RPC.methodNotFound, `Method not found: ${allowed.reason}.`));
      continue;
    }
    if (m.method === "tools/call") {
      const params = parseToolCallParams(m.params);
      if (!params.ok) {
        log.add({ method: m.method, outcome: "rejected", message: params.message });
        local.push(rpcError(m.id, RPC.invalidParams, `Invalid params: ${params.message}.`));
        continue;
      }
      const call = params.value;
      const verdict = await decideToolCall(ctx, call, deps.limiter, now, sessionId, deps.approvals, deps.toolDrift);
      if (!verdict.forward) {
        // A task-augmented call waiting for a human gets an MCP task at once (tasks/approval-tasks.ts).
        if (verdict.hold && deps.tasks?.wants(m, verdict)) {
          local.push(await deps.tasks.create(ex, req, m, call, verdict));
          continue;
        }
        // A lone call waiting for a human is held open (a batch element answers at once).
        if (verdict.hold && !batch) return holdCall(deps, ex, req, res, body, m, call, { ...verdict, hold: verdict.hold });
        const event = log.add({ method: m.method, toolName: call.name, args: call.arguments, outcome: verdict.outcome, rule: verdict.rule, message: verdict.message, approvalId: verdict.approvalId });
        local.push(rpcResult(m.id, refusalResult({ ...verdict, decisionId: event.id })));
        continue;
      }
      // A task-augmented call goes upstream on its own so a task in the answer gets the proxy's id.
      if (deps.tasks?.isTaskCall(m)) {
        local.push(await deps.tasks.forward(deps, ex, req, m, call, verdict));
        continue;
      }
      const event = log.add({
        method: m.method,
        toolName: call.name,
        args: call.arguments,
        outcome: "allowed",
        shadowOutcome: verdict.shadowOutcome,
        rule: verdict.rule,
        message: verdict.message,
        approvalId: verdict.approvalId,
      });
      tracker.trackCall({ id: m.id, event, held: verdict.held });
      tracker.expectResponse(m.id);
    } else {
      // The proxy's own tasks are answered here and never reach the upstream.
      if (deps.tasks?.owns(m)) {
        local.push(await deps.tasks.answer(deps, ex, req, res, m));
        continue;
      }
      if (m.method === "tools/list") tracker.trackToolsList(m.id);
      tracker.expectResponse(m.id);
      log.add({ method: m.method, outcome: "allowed" });
    }
    forwarded.push(raw);
    forwardedIds.push(m.id);
  }

  if (forwarded.length === 0) {
    deps.metrics.overhead.observe((performance.now() - ex.startedPerf) / 1000);
    // A lone malformed message is a bad HTTP request; a refusal or a -32602 answers a valid one.
    if (!batch) sendJson(res, onlyInvalid ? 400 : 200, local[0]);
    else sendJson(res, 200, local);
    return log.finish(null, null, null);
  }
  const target = ctx.server.upstream;
  if (target.configError !== null) {
    tracker.failPending("the server's upstream configuration is unusable");
    log.markUpstreamError(target.configError);
    log.finish(null, null, null);
    return sendOurError(res, "upstream_misconfigured", target.configError, ex.requestId);
  }

  // Forward the client's bytes untouched when every message goes through.
  const payload = forwarded.length === elements.length ? body : JSON.stringify(batch ? forwarded : forwarded[0]);
  const overheadMs = performance.now() - ex.startedPerf;
  deps.metrics.overhead.observe(overheadMs / 1000);
  const abort = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) abort.abort();
  });
  const upstreamStart = performance.now();
  let upstream: UpstreamResponse;
  try {
    upstream = await deps.upstream.request(target, "POST", req.headers, payload, abort.signal, false);
  } catch (error) {
    const upstreamMs = performance.now() - upstreamStart;
    if (abort.signal.aborted) return log.finish(null, upstreamMs, overheadMs);
    const kind = classifyUpstreamError(error);
    tracker.failPending(`upstream ${kind}`);
    log.markUpstreamError(`upstream ${kind}`);
    log.finish(null, upstreamMs, overheadMs);
    deps.logger.warn("upstream request failed", { requestId: ex.requestId, serverId: ctx.server.server.id, kind, error: errorMessage(error) });
    return sendUpstreamFailure(res, kind, forwardedIds, ex.requestId);
  }
  deps.metrics.upstreamLatency.observe((performance.now() - upstreamStart) / 1000);
  const status = upstream.statusCode;
  try {
    if (status === 401 || status === 403) {
      // Passing the upstream's 401 on would make the agent's client start an OAuth dance
      // against the proxy; the credential is ours to fix, so say so.
      await upstream.body.dump();
      tracker.failPending("the upstream rejected the proxy's credential");
      log.markUpstreamError(`upstream answered HTTP ${status}`);
      return sendUpstreamFailure(res, "rejected_credential", forwardedIds, ex.requestId);
    }
    if (status >= 400) log.markUpstreamError(`upstream answered HTTP ${status}`);
    // A new session is recorded as this identity's before its id reaches the client.
    const issued = upstream.headers["mcp-session-id"];
    if (status < 400 && typeof issued === "string" && issued !== "" && issued !== req.headers["mcp-session-id"]) {
      await deps.sessions.bind({ orgId: ctx.server.org.orgId, serverId: ctx.server.server.id, identityId: ctx.token.identity.id }, issued);
    }
    await relayResponse({ res, upstream, tracker, local, batch, signal: abort.signal });
  } catch (error) {
    if (!abort.signal.aborted) tracker.failPending("the upstream response could not be read");
    log.markUpstreamError("the upstream response could not be read");
    deps.logger.warn("upstream response failed", { requestId: ex.requestId, serverId: ctx.server.server.id, error: errorMessage(error) });
    if (!res.headersSent) sendUpstreamFailure(res, "bad_response", forwardedIds, ex.requestId);
    else res.destroy();
  } finally {
    log.finish(status, Math.round((performance.now() - upstreamStart) * 1000) / 1000, overheadMs);
  }
}

/** The version an initialize request asks for (it is sent before any MCP-Protocol-Version header). */
function initializeVersion(elements: readonly unknown[]): string | undefined {
  for (const e of elements) {
    if (isObject(e) && e.method === "initialize" && isObject(e.params) && typeof e.params.protocolVersion === "string") return e.params.protocolVersion;
  }
  return undefined;
}

/** The tool a refused tools/call notification named, for its decision event. */
function toolNameOf(method: string, params: unknown): string | null {
  if (method !== "tools/call" || !isObject(params) || typeof params.name !== "string") return null;
  return params.name.slice(0, 200);
}
