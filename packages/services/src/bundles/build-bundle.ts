// Compiles one org's enforcement bundle from the database: what a proxy needs to authenticate,
// authorize and evaluate a call, and nothing else. Every query filters by `orgId` (STYLE.md §2).
// Arrays are ordered by id and the hash is taken over canonical JSON, so the same content always
// hashes the same no matter when or where it was built.
import type { DbOrTx } from "@gatehouse/db";
import { canonicalJson } from "@gatehouse/policy";
import type { BundleGrant, BundleIdentity, BundlePolicy, BundleServer, BundleToken, EnforcementBundle } from "@gatehouse/shared";
import { sha256Hex } from "@gatehouse/shared/node";
import { acceptedInputSchemas, SCHEMA_TOOL_SELECT, type SchemaToolRow } from "../tools/argument-validation.ts";

/** The bundle without the fields that describe a build (revision, contentHash, builtAt). */
export type BundleContent = Omit<EnforcementBundle, "revision" | "contentHash" | "builtAt">;

export type BuiltBundle = { content: BundleContent; contentHash: string };

export async function buildBundle(db: DbOrTx, orgId: string, now: Date = new Date()): Promise<BuiltBundle> {
  const [servers, identities, tokens, policies, grants] = await Promise.all([
    loadServers(db, orgId),
    loadIdentities(db, orgId),
    loadTokens(db, orgId, now),
    loadPolicies(db, orgId),
    loadGrants(db, orgId, now),
  ]);
  // A grant naming a policy with nothing published enforces "(no policy)": say so with null,
  // rather than pointing the proxy at a policy the bundle does not contain.
  const published = new Set(policies.map((p) => p.id));
  const resolvedGrants = grants.map((g) => ({ ...g, policyId: g.policyId && published.has(g.policyId) ? g.policyId : null }));
  const content: BundleContent = { orgId, servers, identities, tokens, policies, grants: resolvedGrants };
  return { content, contentHash: hashBundleContent(content) };
}

/** hex SHA-256 of the canonical JSON of the content: the bundle's ETag. */
export function hashBundleContent(content: BundleContent): string {
  return sha256Hex(canonicalJson(content));
}

async function loadServers(db: DbOrTx, orgId: string): Promise<BundleServer[]> {
  const rows = await db.server.findMany({
    where: { orgId },
    select: {
      id: true,
      name: true,
      upstreamUrl: true,
      transport: true,
      upstreamAuthEnc: true,
      connectTimeoutMs: true,
      headersTimeoutMs: true,
      bodyTimeoutMs: true,
      maxBodyBytes: true,
      enabled: true,
      onToolChange: true,
      argumentValidation: true,
      captureArguments: true,
      allowedOrigins: true,
      lastDiscoveredAt: true,
      tools: { where: { orgId, status: { not: "removed" } }, select: { ...SCHEMA_TOOL_SELECT, acceptedHash: true, definitionHash: true }, orderBy: { name: "asc" } },
    },
    orderBy: { id: "asc" },
  });
  // Optional fields appear only where used (pins for servers that quarantine, origins for servers
  // that allow browsers), so other servers' entries hash exactly as before.
  return rows.map(({ onToolChange, tools, allowedOrigins, argumentValidation, captureArguments, lastDiscoveredAt, ...server }) => ({
    ...server,
    ...(onToolChange === "quarantine" ? { toolPins: Object.fromEntries(tools.map((t) => [t.name, t.status === "quarantined" ? null : t.acceptedHash])) } : {}),
    // What the control plane last saw of each tool, so proxies report drift they relay (tool-pins.ts).
    ...(lastDiscoveredAt !== null ? { toolHashes: Object.fromEntries(tools.map((t) => [t.name, t.definitionHash])) } : {}),
    ...(allowedOrigins.length > 0 ? { allowedOrigins } : {}),
    // Schemas travel even for a server with validation off: a policy may turn it on per tool.
    ...inputSchemasOf(tools),
    ...(argumentValidation === "enforce" ? {} : { argumentValidation }),
    ...(captureArguments ? { captureArguments: true as const } : {}),
  }));
}

function inputSchemasOf(tools: readonly SchemaToolRow[]): { inputSchemas?: Record<string, unknown> } {
  const schemas = acceptedInputSchemas(tools);
  return Object.keys(schemas).length > 0 ? { inputSchemas: schemas } : {};
}

async function loadIdentities(db: DbOrTx, orgId: string): Promise<BundleIdentity[]> {
  const rows = await db.identity.findMany({
    where: { orgId },
    select: { id: true, name: true, kind: true, labels: true, disabledAt: true },
    orderBy: { id: "asc" },
  });
  return rows.map((row) => ({ id: row.id, name: row.name, kind: row.kind, labels: stringLabels(row.labels), disabled: row.disabledAt !== null }));
}

/**
 * Live tokens only: revoked ones are left out, and so are tokens whose expiry (or rotation grace)
 * has already passed, so a bundle never carries a credential that can no longer work. Tokens that
 * expire later carry their deadline; the proxy checks it on every request.
 */
async function loadTokens(db: DbOrTx, orgId: string, now: Date): Promise<BundleToken[]> {
  const rows = await db.token.findMany({
    where: { orgId, revokedAt: null },
    select: { hash: true, prefix: true, identityId: true, expiresAt: true, graceUntil: true },
    orderBy: { id: "asc" },
  });
  const tokens: BundleToken[] = [];
  for (const row of rows) {
    const deadline = earliest(row.expiresAt, row.graceUntil);
    if (deadline && deadline <= now) continue;
    tokens.push({ hash: row.hash, prefix: row.prefix, identityId: row.identityId, expiresAt: deadline?.toISOString() ?? null });
  }
  return tokens;
}

/** Each policy with its latest published version; drafts never reach a proxy. */
async function loadPolicies(db: DbOrTx, orgId: string): Promise<BundlePolicy[]> {
  const rows = await db.policy.findMany({
    where: { orgId, versions: { some: { status: "published" } } },
    select: {
      id: true,
      name: true,
      serverId: true,
      versions: { where: { orgId, status: "published" }, orderBy: { number: "desc" }, take: 1, select: { id: true, number: true, document: true } },
    },
    orderBy: { id: "asc" },
  });
  const policies: BundlePolicy[] = [];
  for (const row of rows) {
    const version = row.versions[0];
    if (!version) continue;
    policies.push({ id: row.id, name: row.name, serverId: row.serverId, versionId: version.id, versionNumber: version.number, document: version.document });
  }
  return policies;
}

/** Grants that can still apply (expired ones are dropped, as expired tokens are). */
async function loadGrants(db: DbOrTx, orgId: string, now: Date): Promise<BundleGrant[]> {
  const rows = await db.grant.findMany({
    where: { orgId, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    select: { id: true, identityId: true, serverId: true, policyId: true, enabled: true, expiresAt: true },
    orderBy: { id: "asc" },
  });
  return rows.map((row) => ({ ...row, expiresAt: row.expiresAt?.toISOString() ?? null }));
}

function earliest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a <= b ? a : b;
}

/** Labels are a JSON column; keep only string values, the shape the bundle promises. */
function stringLabels(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
