// Reads of stored bundles for the internal API. Proxies serve every org, so the index below
// deliberately crosses tenants (hence `unsafe…`, STYLE.md §2); single-bundle reads name their org.
import type { Db } from "@gatehouse/db";
import type { BundleIndex } from "@gatehouse/shared";

/** Every org's current bundle revision and hash: what a proxy should hold. */
export async function unsafeListBundleIndex(db: Db): Promise<BundleIndex> {
  const rows = await db.orgBundle.findMany({ select: { orgId: true, revision: true, contentHash: true }, orderBy: { orgId: "asc" } });
  return { bundles: rows };
}

/** The hash alone, so a conditional request answered `304` never loads the body. */
export async function getBundleHash(db: Db, orgId: string): Promise<string | null> {
  const row = await db.orgBundle.findUnique({ where: { orgId }, select: { contentHash: true } });
  return row?.contentHash ?? null;
}

export async function getStoredBundle(db: Db, orgId: string): Promise<{ contentHash: string; body: unknown } | null> {
  return db.orgBundle.findUnique({ where: { orgId }, select: { contentHash: true, body: true } });
}
