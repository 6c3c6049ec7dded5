// An MCP SDK client connected to a registered server's upstream, the way the control plane
// talks to it (test connection, discovery): the server's own credential headers and timeouts,
// and every request — redirects included — through the SSRF guard.
import { type AddressPolicy, bearerHeader, decryptText, readClientCredentials, requestClientCredentialsToken, type TokenFetch, upstreamDispatcher } from "@gatehouse/shared/node";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { fetch as undiciFetch } from "undici";
import type { SecretsConfig } from "../context.ts";
import { checkUpstreamUrl } from "./check-upstream-url.ts";

export type UpstreamTarget = {
  upstreamUrl: string;
  upstreamAuthEnc: string | null;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
};

export type UpstreamOptions = { secrets: SecretsConfig; allowPrivateNetworks: boolean };

const MAX_REDIRECTS = 5;

/**
 * fetch that checks each URL before it dials and each address as it connects (the shared SSRF
 * guard's undici connector: after DNS, so a name that rebinds to a private address is refused),
 * follows redirects itself (so every hop is checked), and gives up after `timeoutMs` per request.
 */
export function guardedFetch(options: {
  allowPrivateNetworks: boolean;
  timeoutMs: number;
  /** The URL check each hop passes before it is dialled (the SSRF guard's; tests narrow it). */
  check?: (url: string) => Promise<unknown>;
  /** What every dial is judged by after DNS (rebinding); `allowPrivateNetworks` unless a test widens it. */
  dial?: AddressPolicy;
}) {
  const check = options.check ?? ((url: string) => checkUpstreamUrl(url, options));
  const dispatcher = upstreamDispatcher(options.dial ?? { allowPrivate: options.allowPrivateNetworks });
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    let url = input instanceof Request ? input.url : String(input);
    let request: RequestInit = { ...init, redirect: "manual" };
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      await check(url);
      const signal = init?.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(options.timeoutMs)]) : AbortSignal.timeout(options.timeoutMs);
      // undici's own fetch: the dispatcher (the dial-time guard) is an undici Agent of the same version.
      const response = (await undiciFetch(url, { ...(request as object), signal, dispatcher })) as unknown as Response;
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location) return response;
      await response.body?.cancel();
      url = new URL(location, url).toString();
      // 303 (and 301/302 after a POST, as browsers do) continue as a GET without a body.
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && request.method === "POST")) {
        const { body: _body, ...rest } = request;
        request = { ...rest, method: "GET" };
      }
    }
    throw new TypeError("The upstream redirected too many times.");
  };
}

/**
 * The headers the control plane sends the upstream: the static credential headers, or a bearer
 * token fetched now from the OAuth token endpoint (through the same SSRF-guarded fetch).
 */
export async function upstreamHeaders(target: UpstreamTarget, options: UpstreamOptions, timeoutMs = 10_000): Promise<Record<string, string>> {
  if (!target.upstreamAuthEnc) return {};
  const parsed = JSON.parse(decryptText(options.secrets.encryptionKey, target.upstreamAuthEnc)) as { headers?: Record<string, string> };
  const oauth = readClientCredentials(parsed);
  if (oauth) {
    const fetchFn = guardedFetch({ allowPrivateNetworks: options.allowPrivateNetworks, timeoutMs }) as unknown as TokenFetch;
    const token = await requestClientCredentialsToken(oauth, fetchFn, { timeoutMs });
    return { authorization: bearerHeader(token) };
  }
  return parsed.headers ?? {};
}

/** A connected client (initialize done). Close it when finished. */
export async function connectUpstream(target: UpstreamTarget, options: UpstreamOptions) {
  const timeoutMs = target.connectTimeoutMs + target.headersTimeoutMs;
  const transport = new StreamableHTTPClientTransport(new URL(target.upstreamUrl), {
    requestInit: { headers: await upstreamHeaders(target, options, timeoutMs) },
    fetch: guardedFetch({ allowPrivateNetworks: options.allowPrivateNetworks, timeoutMs }),
    redirectPolicy: "follow",
  });
  const client = new Client({ name: "gatehouse-discovery", version: "1.0.0" });
  await client.connect(transport, { timeout: timeoutMs });
  return { client, transport, timeoutMs };
}
