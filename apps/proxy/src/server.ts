// The node:http server and its routes. No framework: five fixed paths and one prefix do not
// need a router, and every microsecond here is added to every tool call.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { newId } from "@gatehouse/shared";
import type { ProxyDeps } from "./deps.ts";
import { sendOurError } from "./errors.ts";
import { errorMessage } from "@gatehouse/shared/node";
import type { HostAllowList } from "./origin-check.ts";
import { handleMcp } from "./routes/mcp.ts";
import { healthz, metrics, type OpsDeps, publicReadyz, readyz, status } from "./routes/ops.ts";

const MCP_PREFIX = "/mcp/";

export type ServerTimeouts = { headersTimeoutMs: number; requestTimeoutMs: number };

export function createProxyServer(deps: ProxyDeps, ops: OpsDeps, timeouts: ServerTimeouts): Server {
  // Node checks these deadlines on an interval (30 s by default): check often enough that a
  // deadline means roughly what it says.
  const connectionsCheckingInterval = Math.max(50, Math.min(1000, Math.floor(Math.min(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs) / 4)));
  const server = createServer({ connectionsCheckingInterval }, (req, res) => {
    route(deps, ops, req, res).catch((error: unknown) => {
      deps.logger.error("request failed", { error: errorMessage(error), path: pathOf(req) });
      if (!res.headersSent) sendOurError(res, "internal", "Internal proxy error.", newId("request"));
      else res.destroy();
    });
  });
  // Agents keep connections open between calls; outlive typical client pools' idle timeouts.
  server.keepAliveTimeout = 65_000;
  // A client must finish its headers, and its whole request (body included), in bounded time,
  // or it could hold a connection forever (issue 7). Both count only what the client sends:
  // once the request is in, streams (GET SSE, long tool calls) are bounded by the upstream
  // timeouts, not by these. The body's idleness is bounded separately (body.ts).
  server.headersTimeout = timeouts.headersTimeoutMs;
  server.requestTimeout = Math.max(timeouts.requestTimeoutMs, timeouts.headersTimeoutMs);
  return server;
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

async function route(deps: ProxyDeps, ops: OpsDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = pathOf(req);
  if (path.startsWith(MCP_PREFIX)) {
    let serverId: string;
    try {
      serverId = decodeURIComponent(path.slice(MCP_PREFIX.length).replace(/\/+$/, ""));
    } catch {
      return sendOurError(res, "unknown_server", "Malformed server id in the URL.", newId("request"));
    }
    // "close" also fires for streams the client abandoned, which "finish" never reports.
    res.once("close", () => deps.metrics.requests.inc({ method: req.method ?? "", status: String(res.statusCode) }));
    return handleMcp(deps, req, res, serverId);
  }
  // Public probes say whether this replica serves, never what it serves (tenants, revisions):
  // those are on the ops listener.
  if (req.method === "GET") {
    switch (path) {
      case "/healthz":
        return healthz(res);
      case "/readyz":
        return publicReadyz(res, ops);
    }
  }
  sendOurError(res, "unknown_server", `No route for ${req.method} ${path}.`, newId("request"));
}

/**
 * The ops listener (GATEHOUSE_PROXY_OPS_PORT, loopback by default): what this replica enforces
 * per org, and metrics labelled by org. For the operator's scraper, not for agents.
 */
export function createOpsServer(ops: OpsDeps, hosts: HostAllowList): Server {
  const server = createServer((req, res) => {
    const path = pathOf(req);
    // A page on a rebound name must not read tenant ids off a loopback ops port either.
    if (!hosts.allows(req.headers.host)) return sendOurError(res, "host_not_allowed", "This listener does not answer to that Host name.", newId("request"));
    if (req.method === "GET") {
      switch (path) {
        case "/healthz":
          return healthz(res);
        case "/readyz":
          return readyz(res, ops);
        case "/status":
          return status(res, ops);
        case "/metrics":
          return metrics(res, ops);
      }
    }
    sendOurError(res, "unknown_server", `No route for ${req.method} ${path}.`, newId("request"));
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  return server;
}
