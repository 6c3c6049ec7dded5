// Sends the upstream's response to the client. SSE is relayed event by event as it arrives
// (never buffered whole); a JSON body is one document the upstream already built in one piece,
// so it is read (bounded), inspected and re-sent. Either way ResponseTracker sees every
// JSON-RPC message: tool-call results settle their quota, tools/list results are filtered.
import type { ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { upstreamFailure } from "./errors.ts";
import { type JsonObject, rpcError } from "./jsonrpc.ts";
import { responseHeadersForClient, type UpstreamResponse } from "./forward.ts";
import type { ResponseTracker } from "./response-inspect.ts";
import { formatEvent, rewriteEvent, SseParser } from "./sse.ts";

/** Upper bound for a JSON (non-streamed) upstream body the proxy reads to inspect. */
const MAX_JSON_RESPONSE_BYTES = 32 * 1024 * 1024;

export type RelayInput = {
  res: ServerResponse;
  upstream: UpstreamResponse;
  tracker: ResponseTracker;
  /** Answers the proxy produced itself for elements of a batch (refusals, protocol errors). */
  local: JsonObject[];
  batch: boolean;
  /** Aborted when the client goes away. */
  signal: { readonly aborted: boolean };
};

export async function relayResponse(input: RelayInput): Promise<void> {
  const { upstream } = input;
  const headers = responseHeadersForClient(upstream.headers);
  const type = (headers["content-type"] ?? "").toLowerCase();
  if (type.startsWith("text/event-stream")) return relaySse(input, headers);
  if (type.startsWith("application/json")) return relayJson(input, headers);
  // Anything else (202 with no body, an upstream's plain-text error) passes through untouched.
  if (input.local.length > 0 && upstream.statusCode === 202) {
    await upstream.body.dump();
    return sendBody(input.res, 200, {}, JSON.stringify(input.batch ? input.local : input.local[0]));
  }
  input.tracker.failPending("the upstream response carried no result for this call");
  input.res.writeHead(upstream.statusCode, headers);
  await pipeline(upstream.body, input.res).catch(() => input.res.destroy());
}

async function relayJson(input: RelayInput, headers: Record<string, string>): Promise<void> {
  const { res, upstream, tracker, local } = input;
  const raw = await readBounded(upstream.body, MAX_JSON_RESPONSE_BYTES);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString("utf8"));
  } catch {
    tracker.failPending("the upstream response was not valid JSON");
    return sendBody(res, upstream.statusCode, headers, raw);
  }
  const replaced = tracker.inspect(parsed);
  tracker.failPending("the upstream response carried no result for this call");
  if (replaced === null && local.length === 0) return sendBody(res, upstream.statusCode, headers, raw);
  let out = replaced ?? parsed;
  if (local.length > 0) out = [...(Array.isArray(out) ? out : [out]), ...local];
  return sendBody(res, upstream.statusCode, headers, JSON.stringify(out));
}

async function relaySse(input: RelayInput, headers: Record<string, string>): Promise<void> {
  const { res, upstream, tracker, signal } = input;
  // Headers wait for the first event. When that event already completes the exchange (the
  // usual single tools/call), the whole response goes out as one Content-Length write instead
  // of chunked pieces: one packet and one client wake-up per call. Nothing is held back to do
  // so — only what is already in hand is written at once.
  let started = false;
  const start = (contentLength?: number) => {
    started = true;
    res.writeHead(upstream.statusCode, contentLength === undefined ? headers : { ...headers, "content-length": contentLength });
  };
  if (!tracker.expecting) {
    // A GET stream may stay silent for long; the client must see it open now.
    start();
    res.flushHeaders();
  }
  let pending = input.local.map((answer) => formatEvent(JSON.stringify(answer))).join("");
  const parser = new SseParser();
  let ended = false;
  try {
    for await (const chunk of upstream.body) {
      // After the client's response is complete, keep reading (never break: destroying the body
      // would cost the pooled upstream connection) but send nothing more.
      if (ended) continue;
      let out = pending;
      pending = "";
      for (const event of parser.push(chunk as Buffer)) out += transformEvent(event.raw, event.data, tracker);
      if (tracker.complete) {
        ended = true;
        if (!started) start(Buffer.byteLength(out));
        res.end(out);
      } else if (out !== "") {
        if (!started) start();
        if (!res.write(out)) await drained(res);
      }
    }
    if (!ended) pending += parser.end();
  } catch {
    // The upstream broke mid-stream (reset, body timeout). Answer the calls still open so the
    // client does not wait forever, and give their quota back. A client that went away
    // (signal aborted) keeps its quota taken: the upstream may well have run the call.
    if (!signal.aborted && !ended) {
      const f = upstreamFailure("unreachable");
      for (const id of tracker.pendingIds) pending += formatEvent(JSON.stringify(rpcError(id, f.rpc, "The upstream stream broke before this call's result arrived.")));
    }
  }
  if (!signal.aborted) tracker.failPending("the upstream stream ended without this call's result");
  if (ended) return;
  if (!started) start(Buffer.byteLength(pending));
  res.end(pending);
}

function transformEvent(raw: string, data: string | null, tracker: ResponseTracker): string {
  if (data === null || data === "" || !tracker.active) return raw;
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    return raw;
  }
  const replaced = tracker.inspect(message);
  return replaced === null ? raw : rewriteEvent(raw, JSON.stringify(replaced));
}

/**
 * A whole (bounded) body. With 'data' events, not `for await`: the async iterator's promise per
 * chunk and its setup showed in the profile of every JSON call; the usual body is one chunk.
 */
function readBounded(body: UpstreamResponse["body"], max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) {
        chunks.push(chunk);
        return;
      }
      chunks.length = 0;
      body.destroy();
      reject(new Error("upstream JSON response too large to inspect"));
    });
    let ended = false;
    body.once("end", () => {
      ended = true;
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    });
    body.once("error", reject);
    // Closed without 'end' (destroyed without an error): nothing complete to inspect. The Error
    // is made only then: one per call after 'end' showed up in the profile.
    body.once("close", () => {
      if (!ended) reject(new Error("upstream JSON response ended early"));
    });
  });
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

function sendBody(res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer | string): void {
  res.writeHead(status, { ...headers, "content-type": headers["content-type"] ?? "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}
