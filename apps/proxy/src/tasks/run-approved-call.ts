// The approved call of an approval task, run by the one replica whose ADVANCE consumed the
// approval (task-scripts.ts): evaluated again against the policy this replica holds now (a tool
// denied since, or a token revoked, is refused rather than run), quota reserved (evaluation
// step 7), forwarded upstream once, its result read out of a JSON or SSE answer and returned
// for the task to store. Nothing here talks to the agent: it polls tasks/get and tasks/result.
import { evaluate } from "@gatehouse/policy";
import { newId } from "@gatehouse/shared";
import { errorMessage, sha256Hex } from "@gatehouse/shared/node";
import { findGrant } from "../auth.ts";
import type { ProxyDeps } from "../deps.ts";
import { type CallContext, evalContext, reserveForCall, type RefusalOutcome } from "../evaluate-call.ts";
import { ExchangeLog } from "../exchange-log.ts";
import { classifyUpstreamError } from "../forward.ts";
import { isObject, type JsonObject, type JsonRpcId, type ToolCallParams } from "../jsonrpc.ts";
import { refusalResult } from "../refusal.ts";
import { ResponseTracker } from "../response-inspect.ts";
import { SseParser } from "../sse.ts";
import { pinnedRefusal, TOOL_CHANGED_RULE } from "../tool-pins.ts";

const MAX_JSON_BYTES = 32 * 1024 * 1024;
/** Longest an approved call may run upstream before its task fails. */
export const UPSTREAM_CALL_TIMEOUT_MS = 10 * 60_000;

/** What a finished task holds: the upstream's result or error, or our refusal (a result). */
export type TaskOutcome = { status: "completed"; result: JsonObject; message: string } | { status: "failed"; error: { code: number; message: string; data?: unknown }; message: string };

export type TaskOwner = { orgId: string; serverId: string; identityId: string; tokenHash: string };

/** The caller's context rebuilt from the bundle this replica holds; null when the token or grant is gone. */
export function contextOf(deps: ProxyDeps, owner: TaskOwner, now: number): CallContext | null {
  const server = deps.store.findServer(owner.serverId);
  if (!server || server.org.orgId !== owner.orgId) return null;
  const token = server.org.tokens.get(owner.tokenHash);
  if (!token || token.identity.id !== owner.identityId || (token.expiresAtMs !== null && token.expiresAtMs <= now)) return null;
  const grant = findGrant(server.org, owner.identityId, owner.serverId, now);
  if (!grant.ok) return null;
  return { server, token, grant: grant.grant };
}

export function tokenHashOf(authorization: string | undefined): string {
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(authorization ?? "");
  return match?.[1] ? sha256Hex(match[1]) : "";
}

/** A refusal as the task's result, logged as its own decision event. */
export function refusedOutcome(
  ctx: CallContext | null,
  deps: ProxyDeps,
  call: ToolCallParams,
  refusal: { outcome: RefusalOutcome; rule: string; message: string; approvalId: string; retryAfterS?: number | null },
): { outcome: TaskOutcome; log: ExchangeLog | null } {
  let decisionId = newId("decision");
  let log: ExchangeLog | null = null;
  if (ctx) {
    log = new ExchangeLog(ctx, newId("request"), Date.now(), performance.now(), deps.emitter.emit, deps.metrics);
    decisionId = log.add({ method: "tools/call", toolName: call.name, args: call.arguments, outcome: refusal.outcome, rule: refusal.rule, message: refusal.message, approvalId: refusal.approvalId }).id;
  }
  const result = refusalResult({ ...refusal, retryAfterS: refusal.retryAfterS ?? null, decisionId });
  return { outcome: { status: "completed", result, message: refusal.message }, log };
}

export async function runApprovedCall(
  deps: ProxyDeps,
  ctx: CallContext | null,
  input: { taskId: string; approvalId: string; rule: string; params: JsonObject; call: ToolCallParams; headers: Record<string, string> },
): Promise<{ outcome: TaskOutcome; log: ExchangeLog | null }> {
  const { call, approvalId } = input;
  if (!ctx) {
    return { outcome: { status: "failed", error: { code: -32001, message: "The identity's token or grant is no longer valid; the approved call was not run." }, message: "token or grant gone" }, log: null };
  }
  const now = Date.now();
  // The policy may have changed while the human decided: a tool denied or hidden since is refused.
  const quarantined = pinnedRefusal(ctx.server.server, call.name, deps.toolDrift);
  if (quarantined) return refusedOutcome(ctx, deps, call, { outcome: "denied", rule: TOOL_CHANGED_RULE, message: quarantined, approvalId });
  const decision = evaluate(ctx.grant.plan, call, evalContext(ctx, now), ctx.server.validators ?? null);
  if (decision.outcome === "deny") return refusedOutcome(ctx, deps, call, { outcome: "denied", rule: decision.rule, message: decision.message, approvalId });
  const allowed = await reserveForCall(ctx, call, decision.reservations, deps.limiter, now, ctx.grant.plan?.shadow === true, approvalId);
  if (!allowed.forward) return refusedOutcome(ctx, deps, call, { outcome: allowed.outcome, rule: allowed.rule, message: allowed.message, approvalId, retryAfterS: allowed.retryAfterS });

  const log = new ExchangeLog(ctx, newId("request"), now, performance.now(), deps.emitter.emit, deps.metrics);
  const event = log.add({
    method: "tools/call",
    toolName: call.name,
    args: call.arguments,
    outcome: "allowed",
    shadowOutcome: allowed.shadowOutcome,
    rule: input.rule,
    message: `approved call of task ${input.taskId}`,
    approvalId,
  });
  const rpcId = `gatehouse-task-${input.taskId}`;
  const tracker = new ResponseTracker(ctx.grant.plan, deps.limiter, false);
  tracker.trackCall({ id: rpcId, event, held: allowed.held });
  tracker.expectResponse(rpcId);
  const target = ctx.server.upstream;
  if (target.configError !== null) {
    tracker.failPending("the server's upstream configuration is unusable");
    log.markUpstreamError(target.configError);
    return { outcome: { status: "failed", error: { code: -32005, message: target.configError }, message: target.configError }, log };
  }
  const body = JSON.stringify({ jsonrpc: "2.0", id: rpcId, method: "tools/call", params: input.params });
  const started = performance.now();
  const signal = AbortSignal.timeout(UPSTREAM_CALL_TIMEOUT_MS);
  try {
    const upstream = await deps.upstream.request(target, "POST", { ...input.headers, accept: "application/json, text/event-stream", "content-type": "application/json" }, body, signal, false);
    const status = upstream.statusCode;
    if (status >= 400) {
      await upstream.body.dump();
      tracker.failPending(`upstream answered HTTP ${status}`);
      log.markUpstreamError(`upstream answered HTTP ${status}`);
      const message = `The upstream answered HTTP ${status} to the approved call${status === 404 ? " (its MCP session has ended)" : ""}.`;
      return { outcome: { status: "failed", error: { code: -32002, message }, message }, log };
    }
    const answer = await readAnswer(upstream, rpcId, tracker);
    if (!answer) {
      tracker.failPending("the upstream response carried no result for this call");
      log.markUpstreamError("the upstream response carried no result for this call");
      return { outcome: { status: "failed", error: { code: -32002, message: "The upstream's answer carried no result for the approved call." }, message: "no result" }, log };
    }
    if (isObject(answer.error)) {
      const error = answer.error as { code?: unknown; message?: unknown; data?: unknown };
      const message = typeof error.message === "string" ? error.message : "upstream error";
      return { outcome: { status: "failed", error: { code: typeof error.code === "number" ? error.code : -32603, message, data: error.data }, message }, log };
    }
    const result = isObject(answer.result) ? answer.result : {};
    return { outcome: { status: "completed", result, message: result.isError === true ? "The tool reported an error." : "The approved call completed." }, log };
  } catch (error) {
    const kind = classifyUpstreamError(error);
    tracker.failPending(`upstream ${kind}`);
    log.markUpstreamError(`upstream ${kind}`);
    deps.logger.warn("approved task call failed upstream", { taskId: input.taskId, kind, error: errorMessage(error) });
    return { outcome: { status: "failed", error: { code: -32002, message: `The upstream could not be reached (${kind}).` }, message: `upstream ${kind}` }, log };
  } finally {
    deps.metrics.upstreamLatency.observe((performance.now() - started) / 1000);
  }
}

/** The response to `rpcId` in the upstream's answer (one JSON document or an SSE stream), seen by the tracker. */
export async function readAnswer(upstream: { headers: Record<string, unknown>; body: AsyncIterable<unknown> & { dump(): Promise<void> } }, rpcId: JsonRpcId, tracker: ResponseTracker): Promise<JsonObject | null> {
  const type = String(upstream.headers["content-type"] ?? "").toLowerCase();
  const pick = (message: unknown): JsonObject | null => {
    const replaced = tracker.inspect(message);
    const seen = replaced ?? message;
    for (const m of Array.isArray(seen) ? seen : [seen]) {
      if (isObject(m) && m.id === rpcId && ("result" in m || "error" in m)) return m;
    }
    return null;
  };
  if (type.startsWith("text/event-stream")) {
    const parser = new SseParser();
    for await (const chunk of upstream.body) {
      for (const event of parser.push(chunk as Buffer)) {
        if (event.data === null || event.data === "") continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(event.data);
        } catch {
          continue;
        }
        const found = pick(parsed);
        if (found) {
          // The result is in; the rest of the stream is not ours to wait for.
          void upstream.body.dump().catch(() => undefined);
          return found;
        }
      }
    }
    return null;
  }
  if (type.startsWith("application/json")) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of upstream.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_JSON_BYTES) throw new Error("upstream JSON response too large to inspect");
      chunks.push(chunk as Buffer);
    }
    return pick(JSON.parse(Buffer.concat(chunks).toString("utf8")));
  }
  await upstream.body.dump();
  return null;
}
