// Crosses tenants on purpose (STYLE.md §2, `unsafe…`): the scheduled discovery scan lists every
// enabled server of every org, then discovers each in its own org's context.
import type { Db } from "@gatehouse/db";

export async function unsafeListServersToDiscover(db: Db): Promise<{ orgId: string; serverId: string }[]> {
  const rows = await db.server.findMany({ where: { enabled: true }, select: { id: true, orgId: true }, orderBy: { id: "asc" } });
  return rows.map((row) => ({ orgId: row.orgId, serverId: row.id }));
}
