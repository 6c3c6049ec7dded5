// POST /mcp/<server-id> — JSON-RPC messages from the agent. The body is read and parsed here;
// decide-messages.ts decides every message before anything moves (refusals and protocol errors
// are answered by the proxy), forward-messages.ts sends the rest upstream as one request and
// relays the merged answer. Order of work per call: evaluate → reserve → forward → settle
// quota → log.
import type { IncomingMessage, ServerResponse } from "node:http";
import { holdCall } from "../approvals/hold-call.ts";
import { readBody } from "../body.ts";
import type { ProxyDeps } from "../deps.ts";
import { sendClientProtocolError, sendJson, sendOurError } from "../errors.ts";
import { type Exchange, refuseExchange } from "../exchange.ts";
import { RPC, repeatedRequestId } from "../jsonrpc.ts";
import { ResponseTracker } from "../response-inspect.ts";
import { decideMessages } from "./decide-messages.ts";
import { forwardMessages } from "./forward-messages.ts";

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
  const read = await readMessages(deps, ex, req, res);
  if (read === null) return;
  const { body, elements, batch } = read;
  const decided = await decideMessages(deps, ex, req, res, elements, batch, tracker);
  if (decided.kind === "hold") return holdCall(deps, ex, req, res, body, decided.message, decided.call, decided.verdict);
  if (decided.kind === "task_result") return decided.tasks.answerStream(deps, ex, req, res, decided.message);
  if (decided.forwarded.length === 0) {
    const { local } = decided;
    deps.metrics.overhead.observe((performance.now() - ex.startedPerf) / 1000);
    // A lone malformed message is a bad HTTP request; a refusal or a -32602 answers a valid one.
    if (!batch) sendJson(res, decided.onlyInvalid ? 400 : 200, local[0]);
    else sendJson(res, 200, local);
    return ex.log.finish(null, null, null);
  }
  return forwardMessages(deps, ex, req, res, { body, received: elements.length, batch, decided, tracker });
}

type Messages = { body: Buffer; elements: unknown[]; batch: boolean };

/** Reads and parses the body; a body that cannot be used is refused whole here (null). */
async function readMessages(deps: ProxyDeps, ex: Exchange, req: IncomingMessage, res: ServerResponse): Promise<Messages | null> {
  const { ctx, log } = ex;
  const limit = ctx.server.server.maxBodyBytes;
  const read = await readBody(req, limit, deps.limits.bodyIdleTimeoutMs);
  if (read.kind === "too_large") {
    refuseExchange(log, { method: "(unread)", message: `request body over ${limit} bytes` }, () =>
      sendOurError(res, "body_too_large", `Request body exceeds this server's limit of ${limit} bytes.`, ex.requestId),
    );
    return null;
  }
  if (read.kind === "idle") {
    refuseExchange(log, { method: "(unread)", message: `request body stalled for ${deps.limits.bodyIdleTimeoutMs} ms` }, () =>
      sendOurError(res, "request_timeout", "The request body stopped arriving; the connection is closed.", ex.requestId, { connection: "close" }),
    );
    // Never wait for the rest of a body that is not coming.
    res.once("finish", () => req.socket.destroy());
    return null;
  }
  const body = read.body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    refuseExchange(log, { method: "(unparsable)", message: "body is not valid JSON" }, () =>
      sendClientProtocolError(res, RPC.parseError, "Parse error: the request body is not valid JSON."),
    );
    return null;
  }
  const batch = Array.isArray(parsed);
  const elements: unknown[] = batch ? (parsed as unknown[]) : [parsed];
  if (batch && (elements.length === 0 || elements.length > MAX_BATCH)) {
    refuseExchange(log, { method: "(batch)", message: `batch of ${elements.length} messages` }, () =>
      sendClientProtocolError(res, RPC.invalidRequest, `Invalid Request: a batch must hold 1 to ${MAX_BATCH} messages.`),
    );
    return null;
  }
  const repeated = batch ? repeatedRequestId(elements) : null;
  if (repeated !== null) {
    const id = JSON.stringify(repeated);
    refuseExchange(log, { method: "(batch)", message: `request id ${id} occurs more than once in the batch` }, () =>
      sendClientProtocolError(res, RPC.invalidRequest, `Invalid Request: request id ${id} occurs more than once in the batch; every request id must be unique.`),
    );
    return null;
  }
  return { body, elements, batch };
}
