// Shared by the integration suites: a real SDK client connected to a demo upstream, with a
// fetch wrapper that remembers the content type of each answer so SSE and JSON modes can be
// told apart from the client's side.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

export interface Connected {
  client: Client;
  transport: StreamableHTTPClientTransport;
  /** `<HTTP method> <status> <content-type>` for every response the client received. */
  responses: string[];
}

export async function connect(url: string, headers: Record<string, string> = {}): Promise<Connected> {
  const responses: string[] = [];
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers },
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      responses.push(`${init?.method ?? "GET"} ${res.status} ${res.headers.get("content-type") ?? ""}`);
      return res;
    },
  });
  const client = new Client({ name: "demo-upstream-test", version: "0.0.0" });
  await client.connect(transport);
  return { client, transport, responses };
}

export async function callTool(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** The JSON a successful call returned, read from its text content (what a plain client sees). */
export function textJson(result: CallToolResult): Record<string, unknown> {
  const first = result.content[0];
  if (first?.type !== "text") throw new Error("expected text content");
  return JSON.parse(first.text) as Record<string, unknown>;
}

export function firstText(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === "text" ? first.text : "";
}
