// The upstream hop: one keep-alive undici Pool per upstream origin, headers rebuilt from an
// allow-list (so the client's Authorization, Cookie and anything else never leak upstream),
// the server's credential injected, and undici's failures mapped to the upstream error family.
import { EventEmitter } from "node:events";
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import { type Dispatcher, fetch as undiciFetch, Pool } from "undici";
import type { UpstreamTarget } from "./bundle-store.ts";
import type { UpstreamFailureKind } from "./errors.ts";
import {
  bearerHeader,
  ClientCredentialsTokenCache,
  type TokenFetch,
  TokenRequestError,
  UpstreamAddressError,
  upstreamConnector,
  upstreamDispatcher,
} from "@gatehouse/shared/node";

/** Client headers the upstream needs for the MCP session to work; nothing else is forwarded. */
const FORWARDED_REQUEST_HEADERS = ["accept", "content-type", "mcp-session-id", "mcp-protocol-version", "last-event-id", "user-agent"] as const;

/** Upstream response headers a client may see. Set-Cookie and WWW-Authenticate are the upstream's business. */
const RETURNED_RESPONSE_HEADERS = new Set(["content-type", "mcp-session-id", "mcp-protocol-version", "cache-control", "x-accel-buffering", "allow", "retry-after"]);

export type UpstreamResponse = Dispatcher.ResponseData;

/** What cancels an upstream request: an AbortSignal, or a ClientGone. */
export type CancelSignal = AbortSignal | ClientGone;

/**
 * Cancels the upstream request of an exchange whose client went away (its response closed
 * before it finished). An EventEmitter, which undici accepts as a signal in place of an
 * AbortSignal: an AbortController per call cost 4–26 µs of CPU per call in the profile
 * (AbortSignal is an EventTarget), this a small fraction of that.
 */
export class ClientGone extends EventEmitter {
  aborted = false;

  constructor(res: ServerResponse) {
    super();
    res.once("close", () => {
      if (res.writableFinished) return;
      this.aborted = true;
      this.emit("abort");
    });
  }
}

export class UpstreamClient {
  private readonly pools = new Map<string, Pool>();
  /** OAuth client-credentials tokens per server (and credential), shared by every request. */
  readonly tokens: ClientCredentialsTokenCache;

  constructor(private readonly allowPrivateUpstreams: boolean) {
    // Token requests dial through the same SSRF guard as the upstream hop, and follow no redirects.
    const dispatcher = upstreamDispatcher({ allowPrivate: allowPrivateUpstreams });
    const fetchFn: TokenFetch = (url, init) => undiciFetch(url, { ...init, dispatcher, redirect: "error" });
    this.tokens = new ClientCredentialsTokenCache(fetchFn);
  }

  /**
   * Sends one request upstream. With OAuth client credentials it carries the cached bearer token;
   * a 401 from the upstream drops that token and the request is sent once more with a fresh one.
   */
  async request(
    target: UpstreamTarget,
    method: "POST" | "GET" | "DELETE",
    clientHeaders: IncomingHttpHeaders,
    body: Buffer | string | null,
    signal: CancelSignal,
    longLived: boolean,
  ): Promise<UpstreamResponse> {
    const oauth = target.oauth;
    if (!oauth) return this.send(target, method, clientHeaders, body, signal, longLived, null);
    const token = await this.tokens.get(oauth.key, oauth.config);
    const first = await this.send(target, method, clientHeaders, body, signal, longLived, bearerHeader(token));
    if (first.statusCode !== 401) return first;
    await first.body.dump().catch(() => undefined);
    this.tokens.invalidate(oauth.key, token.accessToken);
    const fresh = await this.tokens.get(oauth.key, oauth.config);
    return this.send(target, method, clientHeaders, body, signal, longLived, bearerHeader(fresh));
  }

  private send(
    target: UpstreamTarget,
    method: "POST" | "GET" | "DELETE",
    clientHeaders: IncomingHttpHeaders,
    body: Buffer | string | null,
    signal: CancelSignal,
    longLived: boolean,
    authorization: string | null,
  ): Promise<UpstreamResponse> {
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = clientHeaders[name];
      if (typeof value === "string") headers[name] = value;
    }
    Object.assign(headers, target.headers);
    if (authorization) headers.authorization = authorization;
    return this.pool(target).request({
      path: target.url.pathname + target.url.search,
      method,
      headers,
      body: body ?? undefined,
      signal,
      headersTimeout: target.headersTimeoutMs,
      // A GET stream may idle for hours between server messages; that is not a failure.
      bodyTimeout: longLived ? 0 : target.bodyTimeoutMs,
    });
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.destroy()));
  }

  private pool(target: UpstreamTarget): Pool {
    const key = `${target.url.origin}|${target.connectTimeoutMs}`;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new Pool(target.url.origin, {
        connections: 512,
        pipelining: 1,
        keepAliveTimeout: 30_000,
        // Every dial is judged after DNS; metadata addresses are refused even with private allowed.
        connect: upstreamConnector({ allowPrivate: this.allowPrivateUpstreams }, { timeout: target.connectTimeoutMs }),
      });
      this.pools.set(key, pool);
    }
    return pool;
  }
}

export function responseHeadersForClient(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || !RETURNED_RESPONSE_HEADERS.has(name.toLowerCase())) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

export function classifyUpstreamError(error: unknown): UpstreamFailureKind {
  // A token endpoint the SSRF guard refused is reported like a refused upstream.
  if (error instanceof TokenRequestError && error.cause !== undefined) return classifyUpstreamError(error.cause);
  if (error instanceof UpstreamAddressError) return error.reason === "metadata" ? "metadata_address" : "address_not_allowed";
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case "GATEHOUSE_PRIVATE_ADDRESS":
      return "address_not_allowed";
    case "UND_ERR_CONNECT_TIMEOUT":
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
      return "timeout";
    default:
      return "unreachable";
  }
}
