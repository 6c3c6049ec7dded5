// An ApiKey row as the API shows it: explicit fields, never the hash.
import type { ApiKeyResponse } from "@gatehouse/shared";

type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  role: ApiKeyResponse["role"];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdById: string | null;
};

export function presentApiKey(row: ApiKeyRow): ApiKeyResponse {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdBy: row.createdById,
  };
}
