// The dashboard's Auth.js session cookie → the signed-in user's id. The same decryption Auth.js
// itself applies (its `decode`, keyed by the secret and the cookie name), so the API runs outside
// Next's request scope too — in tests, behind any HTTP server.
import { decode } from "next-auth/jwt";

const COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

function parseCookies(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

/** Large sessions are split into `name.0`, `name.1`, …; small ones are one cookie. */
function readChunked(cookies: Map<string, string>, name: string): string | undefined {
  const whole = cookies.get(name);
  if (whole) return whole;
  let joined = "";
  for (let i = 0; cookies.has(`${name}.${i}`); i++) joined += cookies.get(`${name}.${i}`);
  return joined || undefined;
}

export function hasSessionCookie(cookieHeader: string | null): boolean {
  const cookies = parseCookies(cookieHeader);
  return COOKIE_NAMES.some((name) => readChunked(cookies, name) !== undefined);
}

export async function sessionUserId(cookieHeader: string | null, secret: string): Promise<string | null> {
  const cookies = parseCookies(cookieHeader);
  for (const name of COOKIE_NAMES) {
    const token = readChunked(cookies, name);
    if (!token) continue;
    try {
      const payload = await decode({ token, secret, salt: name });
      if (payload?.sub && (!payload.exp || payload.exp * 1000 > Date.now())) return payload.sub;
    } catch {
      // A stale or forged cookie is the same as none.
    }
  }
  return null;
}

export function orgCookieValue(cookieHeader: string | null, name: string): string | undefined {
  return parseCookies(cookieHeader).get(name);
}
