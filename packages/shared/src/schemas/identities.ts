// Identities, their tokens and their grants (API.md: /identities, /tokens, /grants). Request schemas
// type the dashboard's forms too; response schemas are what the API maps rows to — never a token
// hash, never a row spread.
import { z } from "zod";
import { PageQuery, Timestamp } from "./api-common.ts";
import { CreateIdentityInput, IdentityKind, UpdateGrantInput } from "./resources.ts";

const FutureDate = z.coerce.date().refine((d) => d.getTime() > Date.now(), { message: "Choose a time in the future." });
const Labels = CreateIdentityInput.shape.labels;

/** The most a rotated token may keep working: 30 days. */
export const MAX_GRACE_SECONDS = 30 * 24 * 3600;

export const ListIdentitiesQuery = PageQuery.extend({ kind: IdentityKind.optional() });
export type ListIdentitiesQuery = z.input<typeof ListIdentitiesQuery>;

/** Every field optional: only what is given changes. `disabled: true` makes the proxy refuse every token of it. */
export const UpdateIdentityInput = z
  .object({
    name: CreateIdentityInput.shape.name.optional(),
    kind: IdentityKind.optional(),
    description: z.string().max(500).nullable().optional(),
    labels: Labels.unwrap().optional(),
    disabled: z.boolean().optional(),
  })
  .meta({ id: "UpdateIdentityInput" });
export type UpdateIdentityInput = z.input<typeof UpdateIdentityInput>;

export const IdentityResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: IdentityKind,
    description: z.string().nullable(),
    labels: z.record(z.string(), z.string()),
    disabledAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    lastUsedAt: Timestamp.nullable().meta({ description: "Last proxied call with any of its tokens (recorded by the worker, up to a few seconds late)." }),
    activeTokenCount: z.number().int(),
    grantCount: z.number().int(),
  })
  .meta({ id: "Identity" });
export type IdentityResponse = z.infer<typeof IdentityResponse>;

export const GrantResponse = z
  .object({
    id: z.string(),
    identity: z.object({ id: z.string(), name: z.string() }),
    server: z.object({ id: z.string(), name: z.string() }),
    policy: z.object({ id: z.string(), name: z.string() }).nullable().meta({ description: "null: every call is denied." }),
    enabled: z.boolean(),
    expiresAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "Grant" });
export type GrantResponse = z.infer<typeof GrantResponse>;

export const IdentityDetailResponse = IdentityResponse.extend({ grants: z.array(GrantResponse) }).meta({ id: "IdentityDetail" });
export type IdentityDetailResponse = z.infer<typeof IdentityDetailResponse>;

export const TokenStatus = z.enum(["active", "grace", "expired", "revoked"]);
export type TokenStatus = z.infer<typeof TokenStatus>;

export const TokenResponse = z
  .object({
    id: z.string(),
    identityId: z.string(),
    name: z.string().nullable(),
    prefix: z.string().meta({ description: "The first characters of the token, to recognize it; the token itself is shown once." }),
    status: TokenStatus.meta({ description: "grace: rotated, still accepted until graceUntil." }),
    createdAt: Timestamp,
    expiresAt: Timestamp.nullable(),
    lastUsedAt: Timestamp.nullable(),
    revokedAt: Timestamp.nullable(),
    graceUntil: Timestamp.nullable(),
    rotatedToId: z.string().nullable(),
  })
  .meta({ id: "Token" });
export type TokenResponse = z.infer<typeof TokenResponse>;

export const MintTokenBody = z
  .object({
    name: z.string().trim().max(100).optional(),
    expiresAt: FutureDate.optional(),
  })
  .meta({ id: "MintTokenInput" });
export type MintTokenBody = z.input<typeof MintTokenBody>;

export const MintedTokenResponse = TokenResponse.extend({
  token: z.string().meta({ description: "The secret (gth_…) an agent presents to the proxy. Shown only in this response: store it now." }),
}).meta({ id: "MintedToken" });
export type MintedTokenResponse = z.infer<typeof MintedTokenResponse>;

export const RotateTokenBody = z
  .object({
    graceSeconds: z.coerce
      .number({ message: "Enter a number of seconds." })
      .int({ message: "Enter whole seconds." })
      .min(0, { message: "The grace cannot be negative." })
      .max(MAX_GRACE_SECONDS, { message: "The grace can be at most 30 days." })
      .default(3600),
  })
  .meta({ id: "RotateTokenInput" });
export type RotateTokenBody = z.input<typeof RotateTokenBody>;

export const RotateTokenInput = RotateTokenBody.extend({ tokenId: z.string().min(1) });
export type RotateTokenInput = z.input<typeof RotateTokenInput>;

export const RotatedTokenResponse = MintedTokenResponse.extend({
  previous: TokenResponse.meta({ description: "The rotated token: accepted until its graceUntil." }),
}).meta({ id: "RotatedToken" });
export type RotatedTokenResponse = z.infer<typeof RotatedTokenResponse>;

export const ListTokensQuery = PageQuery;

export const ListGrantsQuery = PageQuery.extend({ identityId: z.string().min(1).optional(), serverId: z.string().min(1).optional() });
export type ListGrantsQuery = z.input<typeof ListGrantsQuery>;

export const UpdateGrantBody = UpdateGrantInput.omit({ grantId: true }).meta({ id: "UpdateGrantInput" });
export type UpdateGrantBody = z.input<typeof UpdateGrantBody>;
