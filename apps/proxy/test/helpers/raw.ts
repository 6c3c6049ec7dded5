// Raw HTTP to the proxy, for what an SDK client would never send (bad JSON, batches, oversize).
export type RawReply = { status: number; headers: Headers; text: string; json: unknown };

export async function post(url: string, body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Promise<RawReply> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
    body,
    ...(typeof body === "string" ? {} : { duplex: "half" }),
  } as RequestInit);
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function rpc(id: number | string, method: string, params?: unknown): Record<string, unknown> {
  return { jsonrpc: "2.0", id, method, ...(params === undefined ? {} : { params }) };
}

/** Every JSON-RPC message in a reply, whether the upstream answered with JSON or SSE. */
export function messagesOf(reply: RawReply): Array<Record<string, unknown>> {
  const type = reply.headers.get("content-type") ?? "";
  if (type.startsWith("text/event-stream")) {
    return reply.text
      .split(/\n\n/)
      .map((event) =>
        event
          .split("\n")
          .filter((l) => l.startsWith("data:"))
          .map((l) => l.slice(5).trim())
          .join("\n"),
      )
      .filter((data) => data !== "")
      .map((data) => JSON.parse(data) as Record<string, unknown>);
  }
  const json = reply.json;
  return (Array.isArray(json) ? json : [json]) as Array<Record<string, unknown>>;
}

/** initialize + notifications/initialized by hand; returns the headers later requests need. */
export async function openSession(url: string, token: string): Promise<Record<string, string>> {
  const init = await post(
    url,
    JSON.stringify(rpc(0, "initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } })),
    bearer(token),
  );
  if (init.status !== 200) throw new Error(`initialize answered ${init.status}: ${init.text}`);
  const session = init.headers.get("mcp-session-id");
  const headers: Record<string, string> = { ...bearer(token), "mcp-protocol-version": "2025-06-18" };
  if (session) headers["mcp-session-id"] = session;
  const ack = await post(url, JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }), headers);
  if (ack.status !== 202) throw new Error(`initialized answered ${ack.status}`);
  return headers;
}
