// /mcp/<server-id> — the proxy URL agents use. Resolves the server, authenticates the token,
// finds the grant, then hands POST / GET / DELETE to their handlers. Every refusal here
// happens before a byte is sent upstream.
import type { IncomingMessage, ServerResponse } from "node:http";
import { newId } from "@gatehouse/shared";
import { AUTH_MESSAGES, authenticate, findGrant } from "../auth.ts";
import type { ProxyDeps } from "../deps.ts";
import { sendOurError } from "../errors.ts";
import type { CallContext } from "../evaluate-call.ts";
import { type Exchange, refuseExchange } from "../exchange.ts";
import { ExchangeLog } from "../exchange-log.ts";
import { handleStream } from "./mcp-stream.ts";
import { CORS_ALLOW_HEADERS, CORS_ALLOW_METHODS, CORS_EXPOSE_HEADERS, normalizeOrigin, originAllowed } from "../origin-check.ts";
import { handlePost } from "./mcp-post.ts";

export async function handleMcp(deps: ProxyDeps, req: IncomingMessage, res: ServerResponse, serverId: string): Promise<void> {
  const startedPerf = performance.now();
  const arrivedAtMs = Date.now();
  const requestId = newId("request");
  // Names this exchange's decision events, for whoever reads the log after a surprise.
  res.setHeader("x-gatehouse-request-id", requestId);
  const { store } = deps;
  if (!deps.hosts.allows(req.headers.host)) return sendOurError(res, "host_not_allowed", "This proxy does not answer to that Host name.", requestId);
  // Fail closed: with no bundle at all the proxy cannot tell who may do what.
  if (store.empty) return sendOurError(res, "no_bundle", "This proxy has no enforcement bundle yet; try again shortly.", requestId);
  const server = store.findServer(serverId);
  if (!server) return sendOurError(res, "unknown_server", `Unknown server ${JSON.stringify(serverId)}.`, requestId);
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (!originAllowed(origin, server.server.allowedOrigins)) {
      return sendOurError(res, "origin_not_allowed", "Requests from this Origin are not allowed for this server.", requestId);
    }
    res.setHeader("access-control-allow-origin", normalizeOrigin(origin) as string);
    res.setHeader("access-control-expose-headers", CORS_EXPOSE_HEADERS);
    res.setHeader("vary", "Origin");
  }
  // A CORS preflight carries no credentials: answered here, never forwarded.
  if (req.method === "OPTIONS") {
    req.resume();
    const headers: Record<string, string> = { allow: CORS_ALLOW_METHODS, "content-length": "0" };
    if (origin !== undefined) {
      headers["access-control-allow-methods"] = CORS_ALLOW_METHODS;
      headers["access-control-allow-headers"] = CORS_ALLOW_HEADERS;
      headers["access-control-max-age"] = "600";
    }
    res.writeHead(204, headers).end();
    return;
  }

  const auth = authenticate(server.org, req.headers.authorization, arrivedAtMs);
  if (!auth.ok) {
    deps.logger.debug("unauthenticated", { requestId, serverId, reason: auth.reason });
    return sendOurError(res, "unauthorized", AUTH_MESSAGES[auth.reason], requestId);
  }
  const grant = findGrant(server.org, auth.entry.identity.id, serverId, arrivedAtMs);
  const { emit } = deps.emitter;
  if (!grant.ok) {
    // Authenticated, so this refusal is logged (with no grant id to attach).
    const log = new ExchangeLog({ server, token: auth.entry, grant: null }, requestId, arrivedAtMs, startedPerf, emit, deps.metrics);
    return refuseExchange(log, { method: `http:${req.method}`, rule: "(no grant)", message: grant.message }, () => sendOurError(res, "forbidden", grant.message, requestId));
  }
  const ctx: CallContext = { server, token: auth.entry, grant: grant.grant };
  const log = new ExchangeLog(ctx, requestId, arrivedAtMs, startedPerf, emit, deps.metrics);
  if (!server.server.enabled) {
    return refuseExchange(log, { method: `http:${req.method}`, rule: "(server disabled)", message: "This server is disabled." }, () =>
      sendOurError(res, "server_disabled", "This server is disabled in Gatehouse.", requestId),
    );
  }
  const sessionId = req.headers["mcp-session-id"];
  if (typeof sessionId === "string" && sessionId !== "") {
    const owner = { orgId: server.org.orgId, serverId, identityId: auth.entry.identity.id };
    const check = await deps.sessions.check(owner, sessionId);
    if (check !== "owner") {
      const message = check === "unknown" ? "No such MCP session for this identity; initialize a new one." : "The session store is unreachable, so this session cannot be verified.";
      return refuseExchange(log, { method: `http:${req.method}`, rule: "(session)", message }, () =>
        sendOurError(res, check === "unknown" ? "unknown_session" : "session_store_unavailable", message, requestId),
      );
    }
  }
  const exchange: Exchange = { ctx, log, requestId, startedPerf };
  switch (req.method) {
    case "POST":
      return handlePost(deps, exchange, req, res);
    case "GET":
    case "DELETE":
      return handleStream(deps, exchange, req, res, req.method);
    default:
      return refuseExchange(log, { method: `http:${req.method}`, message: "HTTP method not allowed" }, () =>
        sendOurError(res, "method_not_allowed", "Use POST, GET or DELETE.", requestId, { allow: "GET, POST, DELETE" }),
      );
  }
}
