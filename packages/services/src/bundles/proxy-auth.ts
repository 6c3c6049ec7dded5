// The proxy credential check for /api/internal. Both sides are hashed first so the comparison is
// constant-time whatever the lengths, and a too-short configured secret opens nothing.
import { createHash, timingSafeEqual } from "node:crypto";

const MIN_SECRET_LENGTH = 16;

export function isProxyAuthorized(authorization: string | null, proxySecret: string): boolean {
  if (proxySecret.length < MIN_SECRET_LENGTH || !authorization) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match?.[1]) return false;
  return timingSafeEqual(digest(match[1]), digest(proxySecret));
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
