// The forwarding half of POST /mcp/<server-id>: the messages decide-messages.ts let through go
// upstream as one request, and the upstream's answer is relayed (inspected, merged with the
// proxy's own answers for a batch). Quota of calls that got no result is given back; the
// exchange's decision events are completed and emitted when it ends.
import type { IncomingMessage, ServerResponse } from "node:http";
import { errorMessage } from "@gatehouse/shared/node";
import type { ProxyDeps } from "../deps.ts";
import { sendOurError, sendUpstreamFailure } from "../errors.ts";
import type { Exchange } from "../exchange.ts";
import { ClientGone, classifyUpstreamError, type UpstreamResponse } from "../forward.ts";
import { relayResponse } from "../relay.ts";
import type { ResponseTracker } from "../response-inspect.ts";
import type { DecidedMessages } from "./decide-messages.ts";

export type ForwardInput = {
  /** The client's body, sent as is when every message goes through. */
  body: Buffer;
  /** How many messages the body held. */
  received: number;
  batch: boolean;
  decided: DecidedMessages;
  tracker: ResponseTracker;
};

export async function forwardMessages(deps: ProxyDeps, ex: Exchange, req: IncomingMessage, res: ServerResponse, input: ForwardInput): Promise<void> {
  const { ctx, log } = ex;
  const { body, batch, tracker } = input;
  const { local, forwarded, forwardedIds } = input.decided;
  const target = ctx.server.upstream;
  if (target.configError !== null) {
    tracker.failPending("the server's upstream configuration is unusable");
    log.markUpstreamError(target.configError);
    log.finish(null, null, null);
    return sendOurError(res, "upstream_misconfigured", target.configError, ex.requestId);
  }

  // Forward the client's bytes untouched when every message goes through.
  const payload = forwarded.length === input.received ? body : JSON.stringify(batch ? forwarded : forwarded[0]);
  const overheadMs = performance.now() - ex.startedPerf;
  deps.metrics.overhead.observe(overheadMs / 1000);
  const gone = new ClientGone(res);
  const upstreamStart = performance.now();
  let upstream: UpstreamResponse;
  try {
    upstream = await deps.upstream.request(target, "POST", req.headers, payload, gone, false);
  } catch (error) {
    const upstreamMs = performance.now() - upstreamStart;
    if (gone.aborted) return log.finish(null, upstreamMs, overheadMs);
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
    await relayResponse({ res, upstream, tracker, local, batch, signal: gone });
  } catch (error) {
    if (!gone.aborted) tracker.failPending("the upstream response could not be read");
    log.markUpstreamError("the upstream response could not be read");
    deps.logger.warn("upstream response failed", { requestId: ex.requestId, serverId: ctx.server.server.id, error: errorMessage(error) });
    if (!res.headersSent) sendUpstreamFailure(res, "bad_response", forwardedIds, ex.requestId);
    else res.destroy();
  } finally {
    log.finish(status, Math.round((performance.now() - upstreamStart) * 1000) / 1000, overheadMs);
  }
}
