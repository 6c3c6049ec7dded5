// The organizations a user belongs to, for the org switcher and for resolving a session.
import type { Db } from "@gatehouse/db";

export async function listMemberships(deps: { db: Db }, userId: string) {
  const rows = await deps.db.membership.findMany({
    where: { userId },
    include: { org: { select: { id: true, name: true, slug: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({ orgId: m.org.id, orgName: m.org.name, orgSlug: m.org.slug, role: m.role }));
}
