// The organization routes: the caller, the org itself, and its API keys. Request schemas type the
// dashboard's forms too; response schemas are what the API maps rows to (never spread rows).
import { z } from "zod";
import { Role } from "../roles.ts";
import { OrgName } from "./auth.ts";
import { Timestamp } from "./api-common.ts";

export const MeResponse = z
  .object({
    kind: z.enum(["user", "api_key"]),
    user: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }).nullable(),
    apiKey: z.object({ id: z.string(), name: z.string(), prefix: z.string() }).nullable(),
    org: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
    role: Role,
  })
  .meta({ id: "Me" });
export type MeResponse = z.infer<typeof MeResponse>;

export const OrgResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    createdAt: Timestamp,
  })
  .meta({ id: "Organization" });
export type OrgResponse = z.infer<typeof OrgResponse>;

export const UpdateOrgInput = z
  .object({
    name: OrgName.optional(),
  })
  .meta({ id: "UpdateOrgInput" });
export type UpdateOrgInput = z.input<typeof UpdateOrgInput>;

const FutureDate = z.coerce.date().refine((d) => d.getTime() > Date.now(), { message: "Choose a time in the future." });

export const CreateApiKeyInput = z
  .object({
    name: z.string().trim().min(1, { message: "Give the key a name." }).max(100),
    role: Role,
    expiresAt: FutureDate.optional(),
  })
  .meta({ id: "CreateApiKeyInput" });
export type CreateApiKeyInput = z.input<typeof CreateApiKeyInput>;

export const ApiKeyResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().meta({ description: "The first characters of the key, to recognize it; the key itself is shown once." }),
    role: Role,
    createdAt: Timestamp,
    expiresAt: Timestamp.nullable(),
    lastUsedAt: Timestamp.nullable(),
    revokedAt: Timestamp.nullable(),
    createdBy: z.string().nullable(),
  })
  .meta({ id: "ApiKey" });
export type ApiKeyResponse = z.infer<typeof ApiKeyResponse>;

export const CreatedApiKeyResponse = ApiKeyResponse.extend({
  key: z.string().meta({ description: "The secret (gthk_…). Shown only in this response: store it now." }),
}).meta({ id: "CreatedApiKey" });
export type CreatedApiKeyResponse = z.infer<typeof CreatedApiKeyResponse>;
