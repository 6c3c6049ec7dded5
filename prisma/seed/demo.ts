// The demo a new user meets in the first minute: org "Demo", its admin, the demo upstream MCP
// server, identity `demo-agent` with a token, and a grant under PolicyLayer's own flux example.
// Idempotent: every step looks for what it would create first, so running it again changes
// nothing (and mints a new token only when the one it is given no longer works).
import type { Db } from "@gatehouse/db";
import {
  createApiKey,
  type ServiceContext,
  createGrant,
  createIdentity,
  createOrgWithAdmin,
  createPolicy,
  createServer,
  decryptText,
  hashPassword,
  mintToken,
  rebuildBundle,
  sha256Hex,
  updateServer,
  verifyPassword,
} from "@gatehouse/services";
import { newId } from "@gatehouse/shared";

export const DEMO_ORG_SLUG = "demo";
export const DEMO_SERVER_NAME = "Mcp Flux Pro (demo)";
export const DEMO_IDENTITY_NAME = "demo-agent";
export const DEMO_POLICY_NAME = "flux-default";
export const DEMO_POLICY = {
  version: "1",
  default: "deny",
  tools: {
    flux_edit_image: { limits: [{ counter: "flux_edit_image_rate", window: "minute", max: 30, scope: "grant" }] },
  },
} as const;

export type SeedInput = {
  db: Db;
  encryptionKey: Buffer;
  adminEmail: string;
  adminPassword: string;
  demoUpstreamUrl: string;
  /** Header the proxy injects upstream (the demo upstream requires it). */
  upstreamAuthHeader: { name: string; value: string };
  /** Tests seed under their own slug so suites never share an org. */
  orgSlug?: string;
  /** The token printed last time, if any: kept when it still works. */
  previousToken?: string | undefined;
  previousApiKey?: string | undefined;
};

export type SeedResult = { orgId: string; serverId: string; identityId: string; policyId: string; grantId: string; token: string; tokenIsNew: boolean; apiKey: string };

export async function seedDemo(input: SeedInput): Promise<SeedResult> {
  const { db } = input;
  const requestId = "seed";
  const user = await upsertAdmin(db, input.adminEmail, input.adminPassword);

  const slug = input.orgSlug ?? DEMO_ORG_SLUG;
  let org = await db.organization.findUnique({ where: { slug } });
  if (!org) {
    const { adminEmail } = input;
    org = await db.$transaction((tx) => createOrgWithAdmin(tx, { userId: user.id, userLabel: adminEmail, name: "Demo", slug, requestId }));
  }
  const orgId = org.id;
  const membership = await db.membership.findUnique({ where: { orgId_userId: { orgId, userId: user.id } } });
  if (!membership) await db.membership.create({ data: { id: newId("membership"), orgId, userId: user.id, role: "admin" } });

  const ctx: ServiceContext & { allowPrivateNetworks: boolean } = {
    db,
    orgId: org.id,
    role: "admin",
    actor: { type: "system", label: "seed" },
    requestId,
    secrets: { encryptionKey: input.encryptionKey },
    // The demo upstream listens on this machine's loopback.
    allowPrivateNetworks: true,
  };

  const upstreamAuth = { headers: { [input.upstreamAuthHeader.name]: input.upstreamAuthHeader.value } };
  const existingServer = await db.server.findFirst({ where: { orgId: org.id, name: DEMO_SERVER_NAME } });
  const server = existingServer
    ? await convergeServer(ctx, existingServer, input.demoUpstreamUrl, upstreamAuth)
    : await createServer(ctx, {
        name: DEMO_SERVER_NAME,
        description: "A fake image-generation MCP server with six tools, for trying Gatehouse out.",
        upstreamUrl: input.demoUpstreamUrl,
        upstreamAuth,
      });

  const identity =
    (await db.identity.findFirst({ where: { orgId: org.id, name: DEMO_IDENTITY_NAME } })) ??
    (await createIdentity(ctx, { name: DEMO_IDENTITY_NAME, kind: "agent", description: "The demo agent.", labels: { env: "demo" } }));

  const policy =
    (await db.policy.findFirst({ where: { orgId: org.id, serverId: server.id, name: DEMO_POLICY_NAME } })) ??
    (await createPolicy(ctx, { serverId: server.id, name: DEMO_POLICY_NAME, document: DEMO_POLICY, publish: true })).policy;

  const grant =
    (await db.grant.findFirst({ where: { orgId: org.id, identityId: identity.id, serverId: server.id } })) ??
    (await createGrant(ctx, { identityId: identity.id, serverId: server.id, policyId: policy.id }));

  const { token, tokenIsNew } = await ensureToken(ctx, identity.id, input.previousToken);
  const apiKey = await ensureApiKey(ctx, input.previousApiKey);
  // A database seeded before bundles existed (or before a schema change) gets one now; when
  // nothing changed this keeps the revision.
  await rebuildBundle(db, org.id);
  return { orgId: org.id, serverId: server.id, identityId: identity.id, policyId: policy.id, grantId: grant.id, token, tokenIsNew, apiKey };
}

// A checkout with new secrets (or another port) against an existing database: the stored
// credential must be the one the demo upstream now expects, encrypted with the current key.
async function convergeServer(
  ctx: ServiceContext & { allowPrivateNetworks: boolean },
  server: { id: string; upstreamUrl: string; upstreamAuthEnc: string | null },
  upstreamUrl: string,
  upstreamAuth: { headers: Record<string, string> },
) {
  let current: string | null = null;
  try {
    current = server.upstreamAuthEnc ? decryptText(ctx.secrets.encryptionKey, server.upstreamAuthEnc) : null;
  } catch {
    current = null; // encrypted with another key
  }
  if (current === JSON.stringify(upstreamAuth) && server.upstreamUrl === upstreamUrl) return server;
  return updateServer(ctx, { serverId: server.id, upstreamUrl, upstreamAuth });
}

async function upsertAdmin(db: Db, email: string, password: string) {
  const existing = await db.user.findUnique({ where: { email } });
  if (existing?.passwordHash && (await verifyPassword(password, existing.passwordHash))) return existing;
  const passwordHash = await hashPassword(password);
  return existing
    ? db.user.update({ where: { id: existing.id }, data: { passwordHash } })
    : db.user.create({ data: { email, name: "Demo Admin", passwordHash, emailVerified: new Date() } });
}

async function ensureToken(ctx: ServiceContext, identityId: string, previous: string | undefined) {
  if (previous) {
    const row = await ctx.db.token.findUnique({ where: { hash: sha256Hex(previous) } });
    const alive = row && row.orgId === ctx.orgId && row.identityId === identityId && !row.revokedAt && (!row.expiresAt || row.expiresAt > new Date());
    if (alive) return { token: previous, tokenIsNew: false };
  }
  const minted = await mintToken(ctx, { identityId, name: "demo" });
  return { token: minted.plaintext, tokenIsNew: true };
}

/** The demo's admin API key: the one from the last run while it still works, else a new one. */
async function ensureApiKey(ctx: ServiceContext, previous: string | undefined): Promise<string> {
  if (previous) {
    const row = await ctx.db.apiKey.findUnique({ where: { hash: sha256Hex(previous) } });
    if (row && row.orgId === ctx.orgId && !row.revokedAt && (!row.expiresAt || row.expiresAt > new Date())) return previous;
  }
  return (await createApiKey(ctx, { name: "demo", role: "admin" })).key;
}
