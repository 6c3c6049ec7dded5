// DNS-rebinding protection and CORS (the MCP transport spec asks servers to validate Origin; the
// proxy must, because it hides the upstream's own check). Two independent gates:
// - Host: a request must name this proxy (GATEHOUSE_PROXY_ALLOWED_HOSTS; on a loopback listener
//   the loopback names by default), so a page on a rebound name cannot reach it.
// - Origin: a browser request is served only if its Origin is one of the server's allowed
//   origins (none by default). Requests without Origin (desktop and SDK clients) pass.
// Allowed origins get CORS: preflights are answered here, never forwarded, and the MCP headers
// a browser client needs are allowed and exposed.

export const CORS_ALLOW_METHODS = "GET, POST, DELETE, OPTIONS";
export const CORS_ALLOW_HEADERS = "authorization, content-type, accept, mcp-session-id, mcp-protocol-version, last-event-id";
export const CORS_EXPOSE_HEADERS = "mcp-session-id, mcp-protocol-version, x-gatehouse-request-id, www-authenticate, retry-after";

/** `scheme://host[:port]` as browsers send it, or null for anything that is not a tuple origin. */
export function normalizeOrigin(origin: string): string | null {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  // An Origin is scheme, host and port only; anything more is not one.
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") return null;
  return url.origin;
}

export function originAllowed(origin: string, allowed: readonly string[] | undefined): boolean {
  const sent = normalizeOrigin(origin);
  if (sent === null || !allowed || allowed.length === 0) return false;
  return allowed.some((entry) => normalizeOrigin(entry) === sent);
}

/** The loopback names a proxy listening on loopback answers to when no list is configured. */
const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

function isLoopbackListener(host: string): boolean {
  return host === "127.0.0.1" || host === "::1" || host === "localhost" || host.startsWith("127.");
}

/** `name` or `name:port`, lower-cased; IPv6 in brackets. */
function splitHost(value: string): { name: string; port: string | null } {
  const v = value.trim().toLowerCase();
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(v);
  return m ? { name: m[1] as string, port: m[2] ?? null } : { name: v, port: null };
}

export class HostAllowList {
  private readonly entries: Array<{ name: string; port: string | null }> | null;

  /**
   * `configured`: GATEHOUSE_PROXY_ALLOWED_HOSTS entries (`name` = any port, `name:port` = that
   * port), or null: the loopback names on a loopback listener, no check otherwise (a proxy
   * behind a load balancer is reached under names it cannot know; configure the list there).
   */
  constructor(configured: readonly string[] | null, listenHost: string) {
    const list = configured ?? (isLoopbackListener(listenHost) ? LOOPBACK_HOSTS : null);
    this.entries = list === null ? null : list.map(splitHost);
  }

  allows(hostHeader: string | undefined): boolean {
    if (this.entries === null) return true;
    if (hostHeader === undefined || hostHeader === "") return false;
    const sent = splitHost(hostHeader);
    return this.entries.some((e) => e.name === sent.name && (e.port === null || e.port === sent.port));
  }
}
