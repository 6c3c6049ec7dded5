// Test factories: every suite makes its own org with random names, never shared seeded ids.
import { randomBytes } from "node:crypto";
import { newId } from "@gatehouse/shared";
import { API_KEY_PREFIX, TOKEN_PREFIX, generateSecret } from "@gatehouse/shared/node";
import type { Db } from "../client.ts";
import type { IdentityKind, Role } from "../generated/enums.ts";

export const testDatabaseUrl = (env: Record<string, string | undefined> = process.env) =>
  env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/gatehouse_test";

export function randomName(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

export async function createTestOrg(db: Db, input: { name?: string } = {}) {
  const name = input.name ?? randomName("org");
  return db.organization.create({ data: { id: newId("org"), name, slug: `${name}-${randomBytes(3).toString("hex")}`.toLowerCase() } });
}

/** A user whose address is confirmed (password sign-in refuses unconfirmed ones, ADR 0007) unless `emailVerified: null`. */
export async function createTestUser(db: Db, input: { email?: string; name?: string; passwordHash?: string; emailVerified?: Date | null } = {}) {
  const email = input.email ?? `${randomName("user")}@example.test`;
  const emailVerified = input.emailVerified === undefined ? new Date() : input.emailVerified;
  return db.user.create({ data: { email, name: input.name ?? email.split("@")[0], passwordHash: input.passwordHash ?? null, emailVerified } });
}

export async function addTestMember(db: Db, input: { orgId: string; userId: string; role?: Role }) {
  return db.membership.create({ data: { id: newId("membership"), orgId: input.orgId, userId: input.userId, role: input.role ?? "admin" } });
}

export async function createTestServer(db: Db, input: { orgId: string; upstreamUrl?: string; name?: string }) {
  return db.server.create({
    data: { id: newId("server"), orgId: input.orgId, name: input.name ?? randomName("server"), upstreamUrl: input.upstreamUrl ?? "http://127.0.0.1:4100/mcp" },
  });
}

export async function createTestIdentity(db: Db, input: { orgId: string; name?: string; kind?: IdentityKind; labels?: Record<string, string> }) {
  return db.identity.create({
    data: { id: newId("identity"), orgId: input.orgId, name: input.name ?? randomName("agent"), kind: input.kind ?? "agent", labels: input.labels ?? {} },
  });
}

/** Creates a token row and returns the plaintext, as minting does. */
export async function createTestToken(db: Db, input: { orgId: string; identityId: string; expiresAt?: Date; revokedAt?: Date }) {
  const { plaintext, prefix, hash } = generateSecret(TOKEN_PREFIX);
  const row = await db.token.create({
    data: {
      id: newId("token"),
      orgId: input.orgId,
      identityId: input.identityId,
      prefix,
      hash,
      expiresAt: input.expiresAt ?? null,
      revokedAt: input.revokedAt ?? null,
    },
  });
  return { row, plaintext };
}

export async function createTestPolicy(db: Db, input: { orgId: string; serverId: string; document: object; name?: string; status?: "draft" | "published" | "shadow" }) {
  const policyId = newId("policy");
  return db.policy.create({
    data: {
      id: policyId,
      orgId: input.orgId,
      serverId: input.serverId,
      name: input.name ?? randomName("policy"),
      versions: {
        create: {
          id: newId("policyVersion"),
          number: 1,
          document: input.document,
          status: input.status ?? "published",
          publishedAt: new Date(),
        },
      },
    },
    include: { versions: true },
  });
}

export async function createTestGrant(db: Db, input: { orgId: string; identityId: string; serverId: string; policyId?: string | null; enabled?: boolean }) {
  return db.grant.create({
    data: {
      id: newId("grant"),
      orgId: input.orgId,
      identityId: input.identityId,
      serverId: input.serverId,
      policyId: input.policyId ?? null,
      enabled: input.enabled ?? true,
    },
  });
}

/** Creates an org API key row and returns the plaintext, as the createApiKey verb does. */
export async function createTestApiKey(db: Db, input: { orgId: string; role?: Role; name?: string; expiresAt?: Date; revokedAt?: Date }) {
  const { plaintext, prefix, hash } = generateSecret(API_KEY_PREFIX);
  const row = await db.apiKey.create({
    data: {
      id: newId("apiKey"),
      orgId: input.orgId,
      name: input.name ?? randomName("key"),
      prefix,
      hash,
      role: input.role ?? "admin",
      expiresAt: input.expiresAt ?? null,
      revokedAt: input.revokedAt ?? null,
    },
  });
  return { row, plaintext };
}
export { type SeedDecisionLogs, seedDecisionLogs } from "./decision-logs.ts";
