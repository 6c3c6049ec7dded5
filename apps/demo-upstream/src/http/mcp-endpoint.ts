// /mcp: credential check, recording, failure injection, then the SDK's Streamable HTTP
// transport. Recording and injection happen before the transport so that a call counts as
// "arrived" even when it is then refused or made to fail.
import { randomUUID, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { createFluxServer } from "../create-flux-server.ts";
import type { FakeFlux } from "../fake-flux.ts";
import type { FailMode, FailureInjector } from "../failures.ts";
import { flattenHeaders, type RequestRecord, type StatsRecorder } from "../stats.ts";
import { BodyTooLargeError, readBody, rpcError, sendJson, sendRpcMessage } from "./io.ts";
import { type MessageSummary, summarizeBody } from "./messages.ts";

export interface McpEndpointOptions {
  jsonResponse: boolean;
  stateless: boolean;
  requiredHeader: { name: string; value: string } | undefined;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
}

export class McpEndpoint {
  private readonly sessions = new Map<string, Session>();
  // Requests held open by the "hang" failure mode; destroyed on close so close() never waits.
  private readonly hanging = new Set<ServerResponse>();

  constructor(
    private readonly flux: FakeFlux,
    private readonly stats: StatsRecorder,
    private readonly failures: FailureInjector,
    private readonly options: McpEndpointOptions,
  ) {}

  get sessionCount(): number {
    return this.sessions.size;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    if (method === "POST") return this.handlePost(req, res);
    if (method !== "GET" && method !== "DELETE") {
      sendJson(res, 405, rpcError(-32000, "Method not allowed."), { allow: "GET, POST, DELETE" });
      return;
    }
    const authorized = this.authorized(req);
    this.record(req, {}, authorized ? {} : { rejected: "unauthorized" });
    if (!authorized) return this.refuse(res);
    // Stateless servers have no standalone stream to GET and no session to DELETE.
    if (this.options.stateless) {
      sendJson(res, 405, rpcError(-32000, "Method not allowed."), { allow: "POST" });
      return;
    }
    const session = this.findSession(req, res);
    if (session) await session.transport.handleRequest(req, res);
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(sessions.map((s) => s.server.close()));
  }

  private async handlePost(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (error) {
      this.record(req, {}, {});
      if (error instanceof BodyTooLargeError) sendJson(res, 413, rpcError(-32000, "Request body too large."));
      else sendJson(res, 400, rpcError(-32700, "Parse error: body is not valid JSON."));
      return;
    }
    const summaries = summarizeBody(body);
    if (!this.authorized(req)) {
      for (const summary of summaries) this.record(req, summary, { rejected: "unauthorized" });
      return this.refuse(res);
    }
    // Injection applies to single-message POSTs only; batches were dropped from the protocol
    // and no client the proxy talks to sends them.
    const [only] = summaries;
    const mode =
      summaries.length === 1 && only?.method === "tools/call" && only.id !== undefined
        ? this.failures.take(only.tool ?? "")
        : undefined;
    for (const summary of summaries) this.record(req, summary, mode ? { injected: mode } : {});
    if (mode && only?.id !== undefined) return this.injectFailure(mode, req, res, only.id);

    if (this.options.stateless) return this.handleStateless(req, res, body);
    if (req.headers["mcp-session-id"] === undefined && isInitializeRequest(body)) {
      return this.startSession(req, res, body);
    }
    const session = this.findSession(req, res);
    if (session) await session.transport.handleRequest(req, res, body);
  }

  private async startSession(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const server = createFluxServer(this.flux);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: this.options.jsonResponse,
      onsessioninitialized: (id) => {
        this.sessions.set(id, { transport, server });
      },
    });
    // Fires on DELETE and on close(); forgetting the session makes its id answer 404 after.
    transport.onclose = () => {
      if (transport.sessionId) this.sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  private async handleStateless(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    // The SDK's stateless pattern: a fresh server and transport per request, so request ids
    // from different clients can never collide.
    const server = createFluxServer(this.flux);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: this.options.jsonResponse,
    });
    res.on("close", () => {
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  /** Mirrors the SDK's own answers for a missing (400) or unknown (404) session id. */
  private findSession(req: IncomingMessage, res: ServerResponse): Session | undefined {
    const id = req.headers["mcp-session-id"];
    if (typeof id !== "string" || id === "") {
      sendJson(res, 400, rpcError(-32000, "Bad Request: Mcp-Session-Id header is required"));
      return undefined;
    }
    const session = this.sessions.get(id);
    if (!session) sendJson(res, 404, rpcError(-32001, "Session not found"));
    return session;
  }

  private injectFailure(mode: FailMode, req: IncomingMessage, res: ServerResponse, id: string | number): void {
    const note = `Injected failure (${mode}) from demo-upstream /__fail`;
    const sessionId = typeof req.headers["mcp-session-id"] === "string" ? req.headers["mcp-session-id"] : undefined;
    const sse = !this.options.jsonResponse && (req.headers.accept ?? "").includes("text/event-stream");
    switch (mode) {
      case "http_500":
        sendJson(res, 500, { error: { code: "injected_failure", message: note } });
        return;
      case "jsonrpc_error":
        sendRpcMessage(res, { jsonrpc: "2.0", id, error: { code: -32603, message: note } }, { sse, sessionId });
        return;
      case "is_error":
        sendRpcMessage(
          res,
          { jsonrpc: "2.0", id, result: { content: [{ type: "text", text: note }], isError: true } },
          { sse, sessionId },
        );
        return;
      case "hang":
        this.hanging.add(res);
        res.on("close", () => this.hanging.delete(res));
        return;
      case "close":
        req.socket.destroy();
        return;
    }
  }

  private authorized(req: IncomingMessage): boolean {
    const required = this.options.requiredHeader;
    if (!required) return true;
    const got = req.headers[required.name.toLowerCase()];
    if (typeof got !== "string") return false;
    const a = Buffer.from(got);
    const b = Buffer.from(required.value);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private refuse(res: ServerResponse): void {
    sendJson(res, 401, rpcError(-32001, "Unauthorized: missing or wrong upstream credential."));
  }

  private record(
    req: IncomingMessage,
    summary: MessageSummary,
    outcome: Pick<RequestRecord, "rejected" | "injected">,
  ): void {
    const sessionId = req.headers["mcp-session-id"];
    this.stats.record({
      httpMethod: req.method ?? "GET",
      ...(summary.method !== undefined ? { method: summary.method } : {}),
      ...(summary.tool !== undefined ? { tool: summary.tool } : {}),
      ...(typeof sessionId === "string" ? { sessionId } : {}),
      headers: flattenHeaders(req.headers),
      ...outcome,
    });
  }
}
