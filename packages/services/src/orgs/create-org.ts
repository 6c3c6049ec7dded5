// An organization with its creator as admin, audited.
import type { Db, Tx } from "@gatehouse/db";
import { OrgName, newId, randomBase32 } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";

export function slugify(name: string): string {
  const base = name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40);
  return `${base || "org"}-${randomBase32(6)}`;
}

export async function createOrgWithAdmin(tx: Tx, input: { userId: string; userLabel: string; name: string; requestId: string; slug?: string }) {
  const name = OrgName.parse(input.name);
  const org = await tx.organization.create({ data: { id: newId("org"), name, slug: input.slug ?? slugify(name) } });
  await tx.membership.create({ data: { id: newId("membership"), orgId: org.id, userId: input.userId, role: "admin" } });
  const ctx = { orgId: org.id, actor: { type: "user" as const, userId: input.userId, label: input.userLabel }, requestId: input.requestId };
  await recordAudit(ctx, tx, { action: "org.create", targetType: "organization", targetId: org.id, data: { name } });
  return org;
}

/** Creates another organization for a signed-in user (the org switcher's "New organization"). */
export async function createOrg(deps: { db: Db; requestId: string }, input: { userId: string; userLabel: string; name: string }) {
  return deps.db.$transaction((tx) => createOrgWithAdmin(tx, { ...input, requestId: deps.requestId }));
}
