// Resolves `Authorization: Bearer gthk_…` to the key's org and role. Deliberately crosses tenants
// (the key is what names the org), so it takes a bare db and returns only what a context needs.
// Last use is recorded at most once a minute per key: not a write per request.
import type { Db } from "@gatehouse/db";
import type { Role } from "@gatehouse/shared";
import { API_KEY_PREFIX, sha256Hex } from "@gatehouse/shared/node";

export type ApiKeyPrincipal = { apiKeyId: string; orgId: string; role: Role; name: string; prefix: string };

const LAST_USED_RESOLUTION_MS = 60_000;

export async function authenticateApiKey(deps: { db: Db }, presented: string): Promise<ApiKeyPrincipal | null> {
  if (!presented.startsWith(API_KEY_PREFIX) || presented.length > 200) return null;
  const key = await deps.db.apiKey.findUnique({ where: { hash: sha256Hex(presented) } });
  const now = Date.now();
  if (!key || key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= now)) return null;
  if (!key.lastUsedAt || now - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    // Conditional, so concurrent requests write once; a failure here never refuses the request.
    await deps.db.apiKey
      .updateMany({ where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now - LAST_USED_RESOLUTION_MS) } }] }, data: { lastUsedAt: new Date(now) } })
      .catch(() => {});
  }
  return { apiKeyId: key.id, orgId: key.orgId, role: key.role, name: key.name, prefix: key.prefix };
}
