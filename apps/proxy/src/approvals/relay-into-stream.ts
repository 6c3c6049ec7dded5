// After a hold the client's response is already an open event stream, so the upstream's answer
// (SSE or one JSON document) goes into it as events, each JSON-RPC message seen by the tracker
// (a failed result gives its quota back). Ends the response when the call's result has passed.
import type { ServerResponse } from "node:http";
import { upstreamFailure } from "../errors.ts";
import { responseHeadersForClient, type UpstreamResponse } from "../forward.ts";
import { type JsonRpcId, rpcError } from "../jsonrpc.ts";
import type { ResponseTracker } from "../response-inspect.ts";
import { formatEvent, rewriteEvent, SseParser } from "../sse.ts";

const MAX_JSON_BYTES = 32 * 1024 * 1024;

export async function relayIntoStream(input: { res: ServerResponse; upstream: UpstreamResponse; tracker: ResponseTracker; id: JsonRpcId; signal: AbortSignal }): Promise<void> {
  const { res, upstream, tracker, id } = input;
  const type = (responseHeadersForClient(upstream.headers)["content-type"] ?? "").toLowerCase();
  if (type.startsWith("text/event-stream")) {
    const parser = new SseParser();
    for await (const chunk of upstream.body) {
      if (res.writableEnded) continue;
      let out = "";
      for (const event of parser.push(chunk as Buffer)) {
        if (event.data === null || event.data === "") {
          out += event.raw;
          continue;
        }
        let replaced: unknown = null;
        try {
          replaced = tracker.inspect(JSON.parse(event.data));
        } catch {
          // not JSON: pass it on untouched
        }
        out += replaced === null ? event.raw : rewriteEvent(event.raw, JSON.stringify(replaced));
      }
      if (tracker.complete) res.end(out);
      else if (out !== "") res.write(out);
    }
  } else if (type.startsWith("application/json")) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of upstream.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_JSON_BYTES) throw new Error("upstream JSON response too large to inspect");
      chunks.push(chunk as Buffer);
    }
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const replaced = tracker.inspect(parsed);
    const messages = replaced ?? parsed;
    for (const message of Array.isArray(messages) ? messages : [messages]) res.write(formatEvent(JSON.stringify(message)));
  } else {
    await upstream.body.dump();
  }
  tracker.failPending("the upstream response carried no result for this call");
  if (!res.writableEnded) {
    if (!tracker.complete) {
      const f = upstreamFailure("bad_response");
      res.write(formatEvent(JSON.stringify(rpcError(id, f.rpc, `${f.message} (HTTP ${upstream.statusCode})`))));
    }
    res.end();
  }
}
