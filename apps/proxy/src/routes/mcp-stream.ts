// GET /mcp/<server-id> (the standalone server→client SSE stream, or a resumption with
// Last-Event-ID) and DELETE (end the MCP session). Neither carries a tools/call, so there is
// nothing to decide; both still need a valid token and grant, and a GET stream is filtered in
// case a resumed stream replays a tools/list result.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ProxyDeps } from "../deps.ts";
import { sendOurError, sendUpstreamFailure } from "../errors.ts";
import { classifyUpstreamError } from "../forward.ts";
import { errorMessage } from "@gatehouse/shared/node";
import { relayResponse } from "../relay.ts";
import { ResponseTracker } from "../response-inspect.ts";
import type { Exchange } from "../exchange.ts";

/** A GET stream ends when a bundle takes its caller's right away (open-streams.ts). */
function registerStream(deps: ProxyDeps, ex: Exchange, abort: AbortController): () => void {
  const { ctx } = ex;
  const expiries = [ctx.token.expiresAtMs, ctx.grant.expiresAtMs].filter((t): t is number => t !== null);
  return deps.streams.add({
    orgId: ctx.server.org.orgId,
    serverId: ctx.server.server.id,
    tokenHash: ctx.token.token.hash,
    identityId: ctx.token.identity.id,
    expiresAtMs: expiries.length === 0 ? null : Math.min(...expiries),
    close: (reason) => {
      deps.logger.info("closing a stream the bundle no longer allows", { requestId: ex.requestId, serverId: ctx.server.server.id, reason });
      // Aborting the upstream request ends the relay, which ends the client's response.
      abort.abort();
    },
  });
}

export async function handleStream(deps: ProxyDeps, ex: Exchange, req: IncomingMessage, res: ServerResponse, method: "GET" | "DELETE"): Promise<void> {
  const { ctx, log } = ex;
  log.add({ method: `http:${method}`, outcome: "allowed" });
  const target = ctx.server.upstream;
  if (target.configError !== null) {
    log.markUpstreamError(target.configError);
    log.finish(null, null, null);
    return sendOurError(res, "upstream_misconfigured", target.configError, ex.requestId);
  }
  req.resume();
  const overheadMs = performance.now() - ex.startedPerf;
  const abort = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) abort.abort();
  });
  const started = performance.now();
  try {
    const upstream = await deps.upstream.request(target, method, req.headers, null, abort.signal, method === "GET");
    const upstreamMs = performance.now() - started;
    deps.metrics.upstreamLatency.observe(upstreamMs / 1000);
    if (upstream.statusCode >= 400) log.markUpstreamError(`upstream answered HTTP ${upstream.statusCode}`);
    // A stream may stay open for hours: log it when it opens, not when it ends.
    log.finish(upstream.statusCode, upstreamMs, overheadMs);
    if (upstream.statusCode === 401 || upstream.statusCode === 403) {
      await upstream.body.dump();
      return sendUpstreamFailure(res, "rejected_credential", [], ex.requestId);
    }
    const sessionId = req.headers["mcp-session-id"];
    if (method === "DELETE" && upstream.statusCode < 300 && typeof sessionId === "string") {
      deps.sessions.forget({ orgId: ctx.server.org.orgId, serverId: ctx.server.server.id }, sessionId);
    }
    const tracker = new ResponseTracker(ctx.grant.plan, deps.limiter, method === "GET", { server: ctx.server.server, drift: deps.toolDrift });
    const unregister = method === "GET" ? registerStream(deps, ex, abort) : () => {};
    try {
      await relayResponse({ res, upstream, tracker, local: [], batch: false, signal: abort.signal });
    } finally {
      unregister();
    }
  } catch (error) {
    if (abort.signal.aborted) return log.finish(null, null, overheadMs);
    const kind = classifyUpstreamError(error);
    log.markUpstreamError(`upstream ${kind}`);
    log.finish(null, performance.now() - started, overheadMs);
    deps.logger.warn("upstream stream failed", { requestId: ex.requestId, serverId: ctx.server.server.id, kind, error: errorMessage(error) });
    if (!res.headersSent) sendUpstreamFailure(res, kind, [], ex.requestId);
    else res.destroy();
  }
}
