// A Token row as the API shows it: explicit fields, never the hash, and a status that says
// whether the proxy accepts it now.
import type { TokenResponse, TokenStatus } from "@gatehouse/shared";

type TokenRow = {
  id: string;
  identityId: string;
  name: string | null;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  graceUntil: Date | null;
  rotatedToId: string | null;
};

export function tokenStatus(row: Pick<TokenRow, "expiresAt" | "revokedAt" | "graceUntil">, now: Date = new Date()): TokenStatus {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt <= now) return "expired";
  if (row.graceUntil) return row.graceUntil <= now ? "expired" : "grace";
  return "active";
}

export function presentToken(row: TokenRow, now: Date = new Date()): TokenResponse {
  return {
    id: row.id,
    identityId: row.identityId,
    name: row.name,
    prefix: row.prefix,
    status: tokenStatus(row, now),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    graceUntil: row.graceUntil?.toISOString() ?? null,
    rotatedToId: row.rotatedToId,
  };
}
