// The deciding half of POST /mcp/<server-id>: every message of a (possibly batched) body is
// classified and, for tools/call, decided (evaluate → reserve) before anything moves. Refusals
// and protocol errors become local answers; what goes through is collected, untouched, for
// forward-messages.ts. Nothing here writes to the response.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HeldMessage } from "../approvals/hold-call.ts";
import type { ProxyDeps } from "../deps.ts";
import type { ApprovalTasks } from "../tasks/approval-tasks.ts";
import { type CallVerdict, decideToolCall, type HoldPlan, sessionBucketId } from "../evaluate-call.ts";
import { type Exchange, logAllowedCall } from "../exchange.ts";
import {
  classifyMessage,
  isObject,
  type JsonObject,
  type JsonRpcId,
  MAX_PARAMS_DEPTH,
  nestsDeeperThan,
  parseToolCallParams,
  RPC,
  rpcError,
  rpcResult,
  type ToolCallParams,
} from "../jsonrpc.ts";
import { checkNotificationMethod, checkRequestMethod, methodsFor, shortMethod } from "../mcp-methods.ts";
import { refusalResult } from "../refusal.ts";
import type { ResponseTracker } from "../response-inspect.ts";

export type DecidedMessages = {
  kind: "decided";
  /** Answers the proxy produced itself (refusals, protocol errors), in message order. */
  local: JsonObject[];
  /** The messages that go upstream, as the client sent them. */
  forwarded: unknown[];
  /** The request ids among them, for an upstream failure answered by the proxy. */
  forwardedIds: JsonRpcId[];
  /** No message was even well-formed: a lone one is then a bad HTTP request (400). */
  onlyInvalid: boolean;
};

/** A lone tools/call waiting for a human: the route holds the request open (approvals/hold-call.ts). */
export type HeldToolCall = {
  kind: "hold";
  message: HeldMessage;
  call: ToolCallParams;
  verdict: Extract<CallVerdict, { forward: false }> & { hold: HoldPlan };
};

/** A lone tasks/result for a client that accepts SSE: answered as a stream (ApprovalTasks.answerStream). */
export type StreamedTaskResult = {
  kind: "task_result";
  tasks: ApprovalTasks;
  message: { id: JsonRpcId; method: string; params: unknown; raw: JsonObject };
};

/**
 * Decides each message and logs its decision event. Allowed tool calls and other forwarded
 * requests are registered with `tracker`, which settles their quota and inspects their answers.
 */
export async function decideMessages(
  deps: ProxyDeps,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  elements: readonly unknown[],
  batch: boolean,
  tracker: ResponseTracker,
): Promise<DecidedMessages | HeldToolCall | StreamedTaskResult> {
  const { ctx, log } = ex;
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
        if (verdict.hold && !batch) return { kind: "hold", message: m, call, verdict: { ...verdict, hold: verdict.hold } };
        const event = log.add({ method: m.method, toolName: call.name, args: call.arguments, outcome: verdict.outcome, rule: verdict.rule, message: verdict.message, approvalId: verdict.approvalId, violationPaths: verdict.violationPaths });
        local.push(rpcResult(m.id, refusalResult({ ...verdict, decisionId: event.id })));
        continue;
      }
      // A task-augmented call goes upstream on its own so a task in the answer gets the proxy's id.
      if (deps.tasks?.isTaskCall(m)) {
        local.push(await deps.tasks.forward(deps, ex, req, m, call, verdict));
        continue;
      }
      const event = logAllowedCall(log, call, verdict);
      tracker.trackCall({ id: m.id, event, held: verdict.held });
      tracker.expectResponse(m.id);
    } else {
      // The proxy's own tasks are answered here and never reach the upstream.
      if (deps.tasks?.owns(m)) {
        // A lone tasks/result waits on an event stream, where task status notifications can go.
        if (!batch && deps.tasks.streamsResult(m, req)) return { kind: "task_result", tasks: deps.tasks, message: m };
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
  return { kind: "decided", local, forwarded, forwardedIds, onlyInvalid };
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
