// Inputs of the resource verbs: validated by the API, typing the dashboard's forms.
import { z } from "zod";

const Name = z.string().trim().min(1, { message: "Give it a name." }).max(100);
const LabelKey = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/i, { message: "Label keys are letters, digits, _ . -" });

export const UpstreamHeadersAuth = z.object({
  type: z.literal("headers").optional(),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { message: "Not a valid header name." }), z.string().max(4096)),
});
/** OAuth 2.0 client credentials: the proxy fetches an access token and sends it as a bearer. */
export const UpstreamOAuthClientCredentials = z.object({
  type: z.literal("oauth2_client_credentials"),
  tokenUrl: z.url({ protocol: /^https?$/, message: "Enter the token endpoint's http(s) URL." }),
  clientId: z.string().trim().min(1, { message: "Enter the client ID." }).max(500),
  clientSecret: z.string().min(1, { message: "Enter the client secret." }).max(4096),
  scope: z.string().trim().max(1000).optional(),
  audience: z.string().trim().max(1000).optional(),
});
export const UpstreamAuth = z.discriminatedUnion("type", [UpstreamHeadersAuth, UpstreamOAuthClientCredentials]);
export type UpstreamAuth = z.infer<typeof UpstreamAuth>;

/** `https://app.example.com[:port]`: scheme, host and port only, as browsers send Origin. */
const BrowserOrigin = z
  .string()
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "http:" || url.protocol === "https:") && url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
      } catch {
        return false;
      }
    },
    { message: "An origin is scheme, host and port only, e.g. https://app.example.com." },
  )
  .transform((value) => new URL(value).origin);
const AllowedOrigins = z.array(BrowserOrigin).max(50);

/** How long captured tools/call arguments are kept before the worker purges them. */
export const CaptureRetentionDays = z.number().int().min(1).max(90);

export const CreateServerInput = z.object({
  name: Name,
  description: z.string().max(500).optional(),
  upstreamUrl: z.url({ protocol: /^https?$/, message: "Enter an http(s) URL." }),
  transport: z.enum(["streamable_http", "sse"]).default("streamable_http"),
  upstreamAuth: UpstreamAuth.optional(),
  connectTimeoutMs: z.number().int().min(100).max(60_000).optional(),
  headersTimeoutMs: z.number().int().min(100).max(600_000).optional(),
  bodyTimeoutMs: z.number().int().min(100).max(3_600_000).optional(),
  maxBodyBytes: z.number().int().min(1024).max(64 * 1024 * 1024).optional(),
  onToolChange: z.enum(["allow", "quarantine"]).optional(),
  argumentValidation: z.enum(["enforce", "shadow", "off"]).optional(),
  allowedOrigins: AllowedOrigins.optional(),
  captureArguments: z.boolean().optional(),
  captureRetentionDays: CaptureRetentionDays.optional(),
});
export type CreateServerInput = z.input<typeof CreateServerInput>;

export const IdentityKind = z.enum(["agent", "person", "service"]);

export const CreateIdentityInput = z.object({
  name: Name,
  kind: IdentityKind.default("agent"),
  description: z.string().max(500).optional(),
  labels: z.record(LabelKey, z.string().max(200)).default({}),
});
export type CreateIdentityInput = z.input<typeof CreateIdentityInput>;

export const MintTokenInput = z.object({
  identityId: z.string().min(1),
  name: z.string().trim().max(100).optional(),
  expiresAt: z.coerce.date().optional(),
});
export type MintTokenInput = z.input<typeof MintTokenInput>;

export const CreatePolicyInput = z.object({
  serverId: z.string().min(1),
  name: Name,
  description: z.string().max(500).optional(),
  document: z.unknown(),
  publish: z.boolean().default(false),
});
export type CreatePolicyInput = z.input<typeof CreatePolicyInput>;

export const CreateGrantInput = z.object({
  identityId: z.string().min(1),
  serverId: z.string().min(1),
  policyId: z.string().min(1).nullable().default(null),
  expiresAt: z.coerce.date().optional(),
  enabled: z.boolean().default(true),
});
export type CreateGrantInput = z.input<typeof CreateGrantInput>;

/** Every field optional: only what is given changes. `upstreamAuth: null` removes the credential. */
export const UpdateServerInput = z.object({
  serverId: z.string().min(1),
  name: Name.optional(),
  description: z.string().max(500).nullable().optional(),
  upstreamUrl: z.url({ protocol: /^https?$/, message: "Enter an http(s) URL." }).optional(),
  upstreamAuth: UpstreamAuth.nullable().optional(),
  enabled: z.boolean().optional(),
  connectTimeoutMs: z.number().int().min(100).max(60_000).optional(),
  headersTimeoutMs: z.number().int().min(100).max(600_000).optional(),
  bodyTimeoutMs: z.number().int().min(100).max(3_600_000).optional(),
  maxBodyBytes: z.number().int().min(1024).max(64 * 1024 * 1024).optional(),
  onToolChange: z.enum(["allow", "quarantine"]).optional(),
  argumentValidation: z.enum(["enforce", "shadow", "off"]).optional(),
  allowedOrigins: AllowedOrigins.optional(),
  captureArguments: z.boolean().optional(),
  captureRetentionDays: CaptureRetentionDays.optional(),
});
export type UpdateServerInput = z.input<typeof UpdateServerInput>;

/** Fields left out are kept; `policyId: null` detaches the policy. */
export const UpdateGrantInput = z.object({
  grantId: z.string().min(1),
  policyId: z.string().min(1).nullable().optional(),
  enabled: z.boolean().optional(),
  expiresAt: z.coerce.date().nullable().optional(),
});
export type UpdateGrantInput = z.input<typeof UpdateGrantInput>;

export const PublishPolicyVersionInput = z.object({
  policyId: z.string().min(1),
  document: z.unknown(),
  message: z.string().trim().max(500).optional(),
});
export type PublishPolicyVersionInput = z.input<typeof PublishPolicyVersionInput>;

export const RevokeTokenInput = z.object({ tokenId: z.string().min(1) });
export type RevokeTokenInput = z.input<typeof RevokeTokenInput>;
