// The last proxied call of each identity: the latest lastUsedAt of its tokens, in one query.
import type { DbOrTx } from "@gatehouse/db";

export async function lastUsedByIdentity(db: DbOrTx, orgId: string, identityIds: string[]): Promise<Map<string, Date>> {
  if (identityIds.length === 0) return new Map();
  const rows = await db.token.groupBy({
    by: ["identityId"],
    where: { orgId, identityId: { in: identityIds }, lastUsedAt: { not: null } },
    _max: { lastUsedAt: true },
  });
  const out = new Map<string, Date>();
  for (const row of rows) if (row._max.lastUsedAt) out.set(row.identityId, row._max.lastUsedAt);
  return out;
}
