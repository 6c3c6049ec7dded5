// The upper bound for the proxy benchmark: a raw node:http JSON-RPC server (no MCP SDK, no SSE)
// answering initialize, tools/list and tools/call with small JSON results. Prints its URL.
import { createServer } from "node:http";

const TOOL = { name: "flux_edit_image", inputSchema: { type: "object", properties: { prompt: { type: "string" } } } };
const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    if (req.method !== "POST") {
      res.writeHead(405).end();
      return;
    }
    const msg = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    if (msg.id === undefined) {
      res.writeHead(202).end();
      return;
    }
    let result;
    if (msg.method === "initialize") result = { protocolVersion: msg.params?.protocolVersion ?? "2025-06-18", capabilities: { tools: {} }, serverInfo: { name: "minimal", version: "1" } };
    else if (msg.method === "tools/list") result = { tools: [TOOL] };
    else result = { content: [{ type: "text", text: "ok" }] };
    const body = JSON.stringify({ jsonrpc: "2.0", id: msg.id, result });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}/mcp` })));
