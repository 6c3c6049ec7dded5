// Stores an org's freshly built bundle. The revision grows by exactly one per content change:
// rebuilds of one org are serialized by a row lock on the organization, and the build reads the
// data *after* taking the lock, so a later rebuild always sees at least what an earlier one saw
// (a slow rebuild can never overwrite a newer bundle with older content, nor reuse a revision).
import type { Db, Prisma } from "@gatehouse/db";
import type { EnforcementBundle } from "@gatehouse/shared";
import { notFound } from "@gatehouse/shared";
import { buildBundle } from "./build-bundle.ts";

export type RebuildResult = { revision: number; contentHash: string; changed: boolean };

export async function rebuildBundle(db: Db, orgId: string): Promise<RebuildResult> {
  return db.$transaction(
    async (tx) => {
      // FOR NO KEY UPDATE conflicts only with itself and FOR UPDATE: inserts that reference the
      // org (their foreign-key check takes KEY SHARE) are not blocked while a bundle builds.
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Organization" WHERE id = ${orgId} FOR NO KEY UPDATE`;
      if (locked.length === 0) throw notFound("Organization");

      const { content, contentHash } = await buildBundle(tx, orgId);
      const current = await tx.orgBundle.findUnique({ where: { orgId }, select: { revision: true, contentHash: true } });
      if (current?.contentHash === contentHash) return { revision: current.revision, contentHash, changed: false };

      const revision = (current?.revision ?? 0) + 1;
      const builtAt = new Date();
      const bundle: EnforcementBundle = { ...content, revision, contentHash, builtAt: builtAt.toISOString() };
      // Policy documents are JSON already (they came out of a JSON column); the cast only tells
      // Prisma so, where the zod type says `unknown`.
      const body = bundle as unknown as Prisma.InputJsonObject;
      await tx.orgBundle.upsert({
        where: { orgId },
        create: { orgId, revision, contentHash, body, builtAt },
        update: { revision, contentHash, body, builtAt },
      });
      return { revision, contentHash, changed: true };
    },
    // Rebuilds of one org queue on the lock: give them room beyond Prisma's 2 s / 5 s defaults.
    { maxWait: 10_000, timeout: 20_000 },
  );
}
