// What a grant can join, for the dashboard's grant form: the org's identities and servers and, per server,
// its policies with the number of the published version (a grant under a policy with nothing
// published denies every call, and the form says so).
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";

export type GrantTargets = {
  identities: { id: string; name: string }[];
  servers: { id: string; name: string }[];
  policies: { id: string; name: string; serverId: string; publishedVersion: number | null }[];
};

export async function listGrantTargets(ctx: ServiceContext): Promise<GrantTargets> {
  requirePermission(ctx, "read");
  const [identities, servers, policies] = await Promise.all([
    ctx.db.identity.findMany({ where: { orgId: ctx.orgId }, select: { id: true, name: true }, orderBy: { name: "asc" }, take: 1000 }),
    ctx.db.server.findMany({ where: { orgId: ctx.orgId }, select: { id: true, name: true }, orderBy: { name: "asc" }, take: 500 }),
    ctx.db.policy.findMany({
      where: { orgId: ctx.orgId },
      select: { id: true, name: true, serverId: true, versions: { where: { orgId: ctx.orgId, status: "published" }, select: { number: true }, orderBy: { number: "desc" }, take: 1 } },
      orderBy: { name: "asc" },
      take: 1000,
    }),
  ]);
  return {
    identities,
    servers,
    policies: policies.map((p) => ({ id: p.id, name: p.name, serverId: p.serverId, publishedVersion: p.versions[0]?.number ?? null })),
  };
}
