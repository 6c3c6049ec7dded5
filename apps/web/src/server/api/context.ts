// Who is calling /api/v1: an org API key (`Authorization: Bearer gthk_…`) or the dashboard's
// session cookie. Either becomes the same ServiceContext the dashboard's own pages use, so roles
// and tenancy are enforced in one place — the verbs. Identity tokens (gth_…) are the proxy's
// and are refused here.
import { type ServiceContext, TOKEN_PREFIX, authenticateApiKey, listMemberships } from "@gatehouse/services";
import { AppError } from "@gatehouse/shared";
import { ORG_COOKIE } from "../org-cookie";
import type { ApiDeps } from "./deps";
import { hasSessionCookie, orgCookieValue, sessionUserId } from "./session";

export type ApiContext = ServiceContext & { allowPrivateNetworks: boolean };

export type Caller =
  | { kind: "api_key"; apiKeyId: string; name: string; prefix: string }
  | { kind: "user"; userId: string; email: string; name: string | null };

const unauthorized = (message: string) => new AppError("unauthorized", message);

export async function authenticate(deps: ApiDeps, request: Request, requestId: string): Promise<{ ctx: ApiContext; caller: Caller }> {
  const base = { db: deps.db, requestId, secrets: deps.secrets, allowPrivateNetworks: deps.allowPrivateNetworks, ...(deps.bundles ? { bundles: deps.bundles } : {}), ...(deps.approvals ? { approvals: deps.approvals } : {}), ...(deps.jobs ? { jobs: deps.jobs } : {}) };
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) throw unauthorized("Send an API key as `Authorization: Bearer gthk_…`.");
    const presented = match[1];
    if (presented.startsWith(TOKEN_PREFIX)) throw unauthorized("Identity tokens are for the proxy; use an org API key (gthk_…) here.");
    const key = await authenticateApiKey(deps, presented);
    if (!key) throw unauthorized("The API key is not valid, has expired or was revoked.");
    return {
      ctx: { ...base, orgId: key.orgId, role: key.role, actor: { type: "api_key", apiKeyId: key.apiKeyId, label: `${key.name} (${key.prefix}…)` } },
      caller: { kind: "api_key", apiKeyId: key.apiKeyId, name: key.name, prefix: key.prefix },
    };
  }

  const cookies = request.headers.get("cookie");
  if (!hasSessionCookie(cookies)) throw unauthorized("Sign in, or send an org API key as `Authorization: Bearer gthk_…`.");
  const userId = await sessionUserId(cookies, deps.authSecret);
  if (!userId) throw unauthorized("Your session has expired: sign in again.");
  if (request.method !== "GET" && request.method !== "HEAD") refuseCrossSite(request);
  const user = await deps.db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true } });
  if (!user) throw unauthorized("Your session has expired: sign in again.");
  const memberships = await listMemberships(deps, user.id);
  // The org switcher's cookie is a preference, re-checked against memberships on every request.
  const wanted = orgCookieValue(cookies, ORG_COOKIE);
  const current = memberships.find((m) => m.orgId === wanted) ?? memberships[0];
  if (!current) throw new AppError("forbidden", "You are not a member of any organization yet.");
  return {
    ctx: { ...base, orgId: current.orgId, role: current.role, actor: { type: "user", userId: user.id, label: user.email } },
    caller: { kind: "user", userId: user.id, email: user.email, name: user.name },
  };
}

/**
 * Cookie-authenticated writes must come from the dashboard's own pages: on top of the SameSite=Lax
 * session cookie, a browser's `Origin` (or `Sec-Fetch-Site`) naming another site is refused.
 * Compared with Host, not the request URL: Next rewrites 127.0.0.1 to localhost in URLs.
 */
function refuseCrossSite(request: Request): void {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw new AppError("forbidden", "Cross-site request refused.");
  const origin = request.headers.get("origin");
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new AppError("forbidden", "Cross-site request refused.");
  }
  if (host !== request.headers.get("host")) throw new AppError("forbidden", "Cross-site request refused.");
}
