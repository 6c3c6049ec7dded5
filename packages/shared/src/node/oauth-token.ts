// OAuth 2.0 client credentials (RFC 6749 §4.4) for upstream MCP servers: the token request, and a
// per-key cache that keeps a token until shortly before it expires, shares one in-flight fetch
// between concurrent callers, and forgets a token the upstream refused (401). Used by the proxy
// (forward.ts) and the control plane (test connection, discovery); the caller supplies the fetch,
// so every token request goes through its SSRF guard.

export type ClientCredentialsConfig = {
  type: "oauth2_client_credentials";
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string | undefined;
  audience?: string | undefined;
};

export type AccessToken = { accessToken: string; tokenType: string; expiresAtMs: number };

export type TokenFetch = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal }) => Promise<{
  status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}>;

/** Lifetime assumed when the token response has no `expires_in`. */
const DEFAULT_LIFETIME_MS = 5 * 60_000;
/** Refresh this long before expiry (at most a tenth of the token's lifetime). */
const REFRESH_MARGIN_MS = 30_000;

export class TokenRequestError extends Error {
  constructor(message: string, readonly status: number | null, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TokenRequestError";
  }
}

/** Reads a stored upstream credential: the OAuth form, or null for the static-headers form. */
export function readClientCredentials(parsed: unknown): ClientCredentialsConfig | null {
  const value = parsed as Partial<ClientCredentialsConfig> | null;
  if (value?.type !== "oauth2_client_credentials") return null;
  if (typeof value.tokenUrl !== "string" || typeof value.clientId !== "string" || typeof value.clientSecret !== "string") {
    throw new Error("incomplete client credentials");
  }
  return {
    type: "oauth2_client_credentials",
    tokenUrl: value.tokenUrl,
    clientId: value.clientId,
    clientSecret: value.clientSecret,
    scope: typeof value.scope === "string" ? value.scope : undefined,
    audience: typeof value.audience === "string" ? value.audience : undefined,
  };
}

/** One token request. Never includes the client secret in an error message. */
export async function requestClientCredentialsToken(
  config: ClientCredentialsConfig,
  fetchFn: TokenFetch,
  options: { timeoutMs?: number; now?: () => number } = {},
): Promise<AccessToken> {
  const now = options.now ?? Date.now;
  const form = new URLSearchParams({ grant_type: "client_credentials" });
  if (config.scope) form.set("scope", config.scope);
  if (config.audience) form.set("audience", config.audience);
  // client_secret_basic: the method RFC 6749 §2.3.1 requires servers to support.
  const basic = Buffer.from(`${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret)}`).toString("base64");
  const started = now();
  let response: Awaited<ReturnType<TokenFetch>>;
  try {
    response = await fetchFn(config.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", authorization: `Basic ${basic}` },
      body: form.toString(),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new TokenRequestError(`The token endpoint could not be reached (${error instanceof Error ? error.message : "network error"}).`, null, { cause: error });
  }
  if (response.status < 200 || response.status >= 300) {
    let detail = "";
    try {
      const body = (await response.json()) as { error?: unknown };
      if (typeof body?.error === "string") detail = `: ${body.error.slice(0, 100)}`;
    } catch {
      // not JSON; no detail
    }
    throw new TokenRequestError(`The token endpoint answered HTTP ${response.status}${detail}.`, response.status);
  }
  let body: { access_token?: unknown; token_type?: unknown; expires_in?: unknown };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new TokenRequestError("The token endpoint did not answer JSON.", response.status);
  }
  if (typeof body?.access_token !== "string" || body.access_token.length === 0) {
    throw new TokenRequestError("The token endpoint's answer has no access_token.", response.status);
  }
  const expiresIn = typeof body.expires_in === "number" ? body.expires_in : typeof body.expires_in === "string" ? Number(body.expires_in) : Number.NaN;
  const lifetimeMs = Number.isFinite(expiresIn) && expiresIn >= 0 ? expiresIn * 1000 : DEFAULT_LIFETIME_MS;
  const margin = Math.min(REFRESH_MARGIN_MS, lifetimeMs / 10);
  return {
    accessToken: body.access_token,
    tokenType: typeof body.token_type === "string" ? body.token_type : "Bearer",
    expiresAtMs: started + lifetimeMs - margin,
  };
}

/** Tokens per key (a server id plus its credential's fingerprint), refreshed shortly before expiry. */
export class ClientCredentialsTokenCache {
  private readonly tokens = new Map<string, AccessToken>();
  private readonly inflight = new Map<string, Promise<AccessToken>>();

  constructor(
    private readonly fetchFn: TokenFetch,
    private readonly options: { timeoutMs?: number; now?: () => number } = {},
  ) {}

  /** A valid token for `key`, fetching one if none is cached or the cached one is about to expire. */
  async get(key: string, config: ClientCredentialsConfig): Promise<AccessToken> {
    const now = this.options.now ?? Date.now;
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAtMs > now()) return cached;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = requestClientCredentialsToken(config, this.fetchFn, this.options)
        .then((token) => {
          this.tokens.set(key, token);
          return token;
        })
        .finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  /** Forgets `key`'s token if it is still `accessToken` (an upstream refused it). */
  invalidate(key: string, accessToken: string): void {
    if (this.tokens.get(key)?.accessToken === accessToken) this.tokens.delete(key);
  }

  /** Drops every key not in `keep` (servers removed or re-configured). */
  retainOnly(keep: ReadonlySet<string>): void {
    for (const key of this.tokens.keys()) if (!keep.has(key)) this.tokens.delete(key);
  }
}

export function bearerHeader(token: AccessToken): string {
  return `${/^bearer$/i.test(token.tokenType) ? "Bearer" : token.tokenType} ${token.accessToken}`;
}
