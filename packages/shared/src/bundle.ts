// The enforcement bundle: everything a proxy needs to enforce one organization's policies, and
// nothing it does not (no users, no logs). Built by the control plane on every change that
// affects enforcement, fetched by proxies over HTTP (ETag = contentHash), announced on Redis.
// Secrets stay secret: tokens appear as SHA-256 hashes, upstream credentials as AES-GCM
// envelopes the proxy decrypts in memory.
import { z } from "zod";

export const BundleServer = z.object({
  id: z.string(),
  name: z.string(),
  upstreamUrl: z.string(),
  transport: z.enum(["streamable_http", "sse"]),
  /** `v1.<iv>.<tag>.<ciphertext>` of `{ "headers": { name: value } }`, or null. */
  upstreamAuthEnc: z.string().nullable(),
  connectTimeoutMs: z.number().int(),
  headersTimeoutMs: z.number().int(),
  bodyTimeoutMs: z.number().int(),
  maxBodyBytes: z.number().int(),
  enabled: z.boolean(),
  /** Browser origins (`https://app.example.com`) allowed to call this server through the proxy; absent = none. */
  allowedOrigins: z.array(z.string()).optional(),
  /**
   * Present when the server quarantines changed tools (onToolChange: quarantine): each known
   * tool's accepted definition hash (toolDefinitionHash), or null while it is quarantined. A
   * listed tool whose live hash differs, or that is not here, is dropped from tools/list and
   * refused at call time with rule "(tool changed)".
   */
  toolPins: z.record(z.string(), z.string().nullable()).optional(),
  /**
   * Present once the server has been discovered: each known tool's last seen definition hash
   * (toolDefinitionHash). A proxy relaying a tools/list result with a listed tool that is not
   * here or hashes differently reports it (POST /api/internal/tool-drift), rate-limited, so the
   * control plane marks the change without waiting for the next discovery.
   */
  toolHashes: z.record(z.string(), z.string()).optional(),
  /**
   * Each accepted tool's inputSchema (tools with one), compiled by the proxy once per install
   * and checked before `require`; absent when there are none or validation is off.
   */
  inputSchemas: z.record(z.string(), z.unknown()).optional(),
  /** How argument validation applies; absent = `enforce`. */
  argumentValidation: z.enum(["shadow", "off"]).optional(),
  /** Present (true) when the server captures tools/call arguments, encrypted, into the decision event. */
  captureArguments: z.literal(true).optional(),
});
export type BundleServer = z.infer<typeof BundleServer>;

export const BundleIdentity = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  labels: z.record(z.string(), z.string()),
  disabled: z.boolean(),
});
export type BundleIdentity = z.infer<typeof BundleIdentity>;

export const BundleToken = z.object({
  /** hex SHA-256 of the full token. Revoked tokens are left out of the bundle. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  prefix: z.string(),
  identityId: z.string(),
  /** ISO time after which the token no longer works (its expiry, or the end of a rotation's grace). */
  expiresAt: z.string().nullable(),
});
export type BundleToken = z.infer<typeof BundleToken>;

export const BundlePolicy = z.object({
  id: z.string(),
  name: z.string(),
  serverId: z.string(),
  /** The published version enforced. */
  versionId: z.string(),
  versionNumber: z.number().int(),
  document: z.unknown(),
});
export type BundlePolicy = z.infer<typeof BundlePolicy>;

export const BundleGrant = z.object({
  id: z.string(),
  identityId: z.string(),
  serverId: z.string(),
  /** null: no published policy → every call is denied with rule "(no policy)". */
  policyId: z.string().nullable(),
  enabled: z.boolean(),
  expiresAt: z.string().nullable(),
});
export type BundleGrant = z.infer<typeof BundleGrant>;

export const EnforcementBundle = z.object({
  orgId: z.string(),
  /** Grows by one on every rebuild whose content changed. */
  revision: z.number().int().positive(),
  /** hex SHA-256 of the canonical JSON of the bundle without revision, contentHash and builtAt. */
  contentHash: z.string(),
  builtAt: z.string(),
  servers: z.array(BundleServer),
  identities: z.array(BundleIdentity),
  tokens: z.array(BundleToken),
  policies: z.array(BundlePolicy),
  grants: z.array(BundleGrant),
});
export type EnforcementBundle = z.infer<typeof EnforcementBundle>;

/** `GET /api/internal/bundles`: what each org's current bundle is, so a proxy knows what to fetch. */
export const BundleIndex = z.object({
  bundles: z.array(z.object({ orgId: z.string(), revision: z.number().int(), contentHash: z.string() })),
});
export type BundleIndex = z.infer<typeof BundleIndex>;

/** Published on the Redis channel REDIS_CHANNELS.bundles after a rebuild. */
export const BundleAnnouncement = z.object({ orgId: z.string(), revision: z.number().int(), contentHash: z.string() });
export type BundleAnnouncement = z.infer<typeof BundleAnnouncement>;

/**
 * `POST /api/internal/tool-drift` (proxy credential): tools a proxy relayed in a tools/list
 * result whose definition differs from the one in its bundle (`toolHashes`). The control plane
 * hashes each definition itself and marks the tool as discovery would (changed or quarantined).
 */
export const ToolDriftReport = z.object({
  orgId: z.string().min(1).max(100),
  serverId: z.string().min(1).max(100),
  /** Which proxy saw it (its GATEHOUSE_PROXY_ID), for the audit trail. */
  proxyId: z.string().max(200).optional(),
  tools: z
    .array(
      z.object({
        name: z.string().min(1).max(200),
        title: z.string().max(1000).optional(),
        description: z.string().max(100_000).optional(),
        inputSchema: z.unknown(),
        outputSchema: z.unknown().optional(),
        annotations: z.unknown().optional(),
      }),
    )
    .min(1)
    .max(100),
});
export type ToolDriftReport = z.infer<typeof ToolDriftReport>;

/** The answer to a drift report: which tools the control plane marked, and which it already knew. */
export const ToolDriftResult = z.object({ marked: z.array(z.string()), known: z.array(z.string()) });
export type ToolDriftResult = z.infer<typeof ToolDriftResult>;
