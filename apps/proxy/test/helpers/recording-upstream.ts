// A minimal MCP upstream (Streamable HTTP, JSON responses) that records every JSON-RPC message it
// receives, arguments included — what the generated-attack test needs to prove that nothing the
// policy refuses ever arrives. It answers like a permissive server: every tool exists and runs,
// unknown methods get -32601, so anything the proxy lets through is visible here.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedMessage = {
  httpMethod: string;
  sessionId: string | null;
  /** The raw JSON-RPC message (undefined for GET/DELETE or a body that was not JSON). */
  message: unknown;
};

export type RecordingUpstream = {
  url: string;
  received: ReceivedMessage[];
  close(): Promise<void>;
};

export const RECORDING_TOOLS = ["flux_edit_image", "flux_generate_image", "flux_delete_image", "flux_cancel_task", "flux_list_tasks"];

function answer(message: Record<string, unknown>): Record<string, unknown> | null {
  if (!("id" in message) || typeof message.method !== "string") return null;
  const reply = (result: unknown) => ({ jsonrpc: "2.0", id: message.id, result });
  switch (message.method) {
    case "initialize":
      return reply({ protocolVersion: "2025-06-18", capabilities: { tools: {} }, serverInfo: { name: "recording-upstream", version: "1.0.0" } });
    case "tools/list":
      return reply({ tools: RECORDING_TOOLS.map((name) => ({ name, inputSchema: { type: "object" } })) });
    case "tools/call":
      return reply({ content: [{ type: "text", text: "ok" }] });
    case "ping":
      return reply({});
    default:
      return { jsonrpc: "2.0", id: message.id, error: { code: -32601, message: `Method not found: ${message.method}` } };
  }
}

export async function startRecordingUpstream(): Promise<RecordingUpstream> {
  const received: ReceivedMessage[] = [];
  const server: Server = createServer((req, res) => {
    const sessionId = typeof req.headers["mcp-session-id"] === "string" ? req.headers["mcp-session-id"] : null;
    if (req.method !== "POST") {
      req.resume();
      received.push({ httpMethod: req.method ?? "", sessionId, message: undefined });
      res.writeHead(req.method === "DELETE" ? 200 : 405).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        received.push({ httpMethod: "POST", sessionId, message: undefined });
        res.writeHead(400, { "content-type": "application/json" }).end('{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}');
        return;
      }
      const messages = Array.isArray(parsed) ? parsed : [parsed];
      const replies: Record<string, unknown>[] = [];
      let initialized = false;
      for (const message of messages) {
        received.push({ httpMethod: "POST", sessionId, message });
        if (typeof message !== "object" || message === null) continue;
        const reply = answer(message as Record<string, unknown>);
        if (reply) replies.push(reply);
        if ((message as { method?: unknown }).method === "initialize") initialized = true;
      }
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (initialized) headers["mcp-session-id"] = randomUUID();
      if (replies.length === 0) {
        res.writeHead(202, initialized ? { "mcp-session-id": headers["mcp-session-id"] as string } : {}).end();
        return;
      }
      res.writeHead(200, headers).end(JSON.stringify(Array.isArray(parsed) ? replies : replies[0]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
