// Who is calling, and may they use this server. The token is never compared: its SHA-256 is
// looked up in a Map, so response time depends on the hash (which an attacker cannot steer
// toward a real one), not on how much of a real token they guessed. The one comparison left
// (the entry's stored hash) uses timingSafeEqual all the same.
import { timingSafeEqual } from "node:crypto";
import { sha256Hex } from "@gatehouse/shared/node";
import { type GrantEntry, grantKey, type OrgState, type TokenEntry } from "./bundle-store.ts";

export type AuthResult = { ok: true; entry: TokenEntry } | { ok: false; reason: "missing" | "malformed" | "unknown" | "expired" };

export function authenticate(org: OrgState, authorization: string | undefined, now: number): AuthResult {
  if (authorization === undefined || authorization === "") return { ok: false, reason: "missing" };
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(authorization);
  const token = match?.[1];
  if (!token) return { ok: false, reason: "malformed" };
  const hash = sha256Hex(token);
  const entry = org.tokens.get(hash);
  if (!entry || !timingSafeEqual(Buffer.from(entry.token.hash, "hex"), Buffer.from(hash, "hex"))) return { ok: false, reason: "unknown" };
  if (entry.expiresAtMs !== null && entry.expiresAtMs <= now) return { ok: false, reason: "expired" };
  return { ok: true, entry };
}

export const AUTH_MESSAGES: Record<Exclude<AuthResult, { ok: true }>["reason"], string> = {
  missing: "Missing bearer token: send Authorization: Bearer <identity token>.",
  malformed: "Malformed Authorization header: expected Bearer <identity token>.",
  unknown: "Unknown or revoked token.",
  expired: "This token has expired.",
};

export type GrantResult = { ok: true; grant: GrantEntry } | { ok: false; message: string };

export function findGrant(org: OrgState, identityId: string, serverId: string, now: number): GrantResult {
  const grant = org.grants.get(grantKey(identityId, serverId));
  if (!grant) return { ok: false, message: "This identity has no grant on this server." };
  if (!grant.grant.enabled) return { ok: false, message: "This identity's grant on this server is disabled." };
  if (grant.expiresAtMs !== null && grant.expiresAtMs <= now) return { ok: false, message: "This identity's grant on this server has expired." };
  return { ok: true, grant };
}
