// Small node:http helpers shared by the hooks and the /mcp endpoint.
import type { IncomingMessage, ServerResponse } from "node:http";

// The SDK's own default bound for a POST body; reading it ourselves means applying it ourselves.
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError(`body exceeds ${limit} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export function sendNoContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}

/** A JSON-RPC error with no request id, the shape the SDK uses for transport-level refusals. */
export function rpcError(code: number, message: string): object {
  return { jsonrpc: "2.0", error: { code, message }, id: null };
}

/**
 * Answers one JSON-RPC request the way the SDK transport would: a single SSE `message` event
 * in SSE mode, a JSON body otherwise. Used for injected failures, which bypass the transport.
 */
export function sendRpcMessage(
  res: ServerResponse,
  message: object,
  options: { sse: boolean; sessionId: string | undefined },
): void {
  const headers: Record<string, string> = options.sessionId ? { "mcp-session-id": options.sessionId } : {};
  if (!options.sse) {
    sendJson(res, 200, message, headers);
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", ...headers });
  res.end(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
}
