// Responses of the /servers routes: servers with their proxy URL and a masked credential, the
// tools discovery found with their risk, test-connection and discovery results. Rows are mapped
// field by field (services/servers/present-server.ts), never spread: no encrypted column leaves.
import { z } from "zod";
import { Timestamp } from "./api-common.ts";

export const OnToolChange = z.enum(["allow", "quarantine"]).meta({
  description: "`allow`: a changed tool is marked and keeps working. `quarantine`: it is dropped from tools/list and refused until an admin accepts it.",
});
export type OnToolChange = z.infer<typeof OnToolChange>;

export const ServerResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    upstreamUrl: z.string(),
    transport: z.enum(["streamable_http", "sse"]),
    upstreamAuth: z
      .object({
        type: z.enum(["headers", "oauth2_client_credentials"]),
        hint: z.string().meta({ description: "Header names with the last characters of each value, or the OAuth client ID and token URL; secrets are never returned." }),
      })
      .nullable(),
    connectTimeoutMs: z.number().int(),
    headersTimeoutMs: z.number().int(),
    bodyTimeoutMs: z.number().int(),
    maxBodyBytes: z.number().int(),
    enabled: z.boolean(),
    allowedOrigins: z.array(z.string()).meta({ description: "Browser origins the proxy lets call this server (CORS); empty: none, only clients that send no Origin." }),
    onToolChange: OnToolChange,
    argumentValidation: z
      .enum(["enforce", "shadow", "off"])
      .meta({ description: "Calls checked against each tool's accepted inputSchema: refused (enforce), logged (shadow), or not checked (off)." }),
    captureArguments: z.boolean().meta({
      description: "When on, the proxy records each tools/call's arguments, encrypted, so replay can decide drafts with real values. Values are never returned by the API.",
    }),
    captureRetentionDays: z.number().int().meta({ description: "Days captured arguments are kept before the worker deletes them (default 7)." }),
    toolCount: z.number().int().meta({ description: "Tools seen at the last discovery (removed ones excluded)." }),
    toolsNeedingReview: z.number().int().meta({ description: "Tools whose definition changed since it was accepted." }),
    lastDiscoveredAt: Timestamp.nullable(),
    proxyUrl: z.string().meta({ description: "Where agents' MCP clients connect instead of the upstream." }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "Server" });
export type ServerResponse = z.infer<typeof ServerResponse>;

export const RiskCategory = z.enum(["read", "write", "execute", "destructive", "financial", "other"]);
export type RiskCategory = z.infer<typeof RiskCategory>;
export const RiskLevel = z.enum(["low", "medium", "high", "critical"]);
export type RiskLevel = z.infer<typeof RiskLevel>;
export const RiskSignalKind = z.enum(["url", "file_path", "html_template", "code", "money_amount", "credentials", "email_recipient", "open_world"]);
export type RiskSignalKind = z.infer<typeof RiskSignalKind>;

export const RiskSignal = z
  .object({
    kind: RiskSignalKind,
    argument: z.string().optional().meta({ description: "The input argument that raised the signal, e.g. `callback_url`." }),
    reason: z.string(),
  })
  .meta({ id: "RiskSignal" });
export type RiskSignal = z.infer<typeof RiskSignal>;

export const ToolStatus = z.enum(["active", "changed", "removed", "quarantined"]);
export type ToolStatus = z.infer<typeof ToolStatus>;

export const ToolValidation = z
  .object({
    mode: z.enum(["enforce", "shadow", "off"]).meta({ description: "The server's argumentValidation; a policy's `validate_arguments` may override it per tool." }),
    schema: z
      .enum(["accepted", "none", "invalid"])
      .meta({ description: "`accepted`: the accepted inputSchema compiles and calls are checked against it; `none`: no schema to check (or quarantined); `invalid`: the schema does not compile or is over the limits, so calls are not validated (see `warning`)." }),
    validated: z.boolean().meta({ description: "Calls are checked against the schema under the server's mode (enforce or shadow)." }),
    warning: z.string().nullable().meta({ description: "Why the schema cannot be used (compile error, size or depth limit)." }),
  })
  .meta({ id: "ToolValidation" });
export type ToolValidation = z.infer<typeof ToolValidation>;

export const ToolResponse = z
  .object({
    id: z.string(),
    serverId: z.string(),
    name: z.string(),
    title: z.string().nullable(),
    description: z.string().nullable(),
    inputSchema: z.unknown(),
    annotations: z.unknown().nullable(),
    riskCategory: RiskCategory,
    riskLevel: RiskLevel,
    riskSignals: z.array(RiskSignal),
    definitionHash: z.string().meta({ description: "hex SHA-256 of the canonical JSON of the definition last discovered." }),
    acceptedHash: z.string().nullable().meta({ description: "The definition hash an admin accepted; differs from definitionHash while a change waits." }),
    status: ToolStatus,
    validation: ToolValidation.meta({ description: "Argument validation of the tool's calls (issue 15)." }),
    previousDefinition: z.unknown().nullable().meta({ description: "The accepted definition while a change waits for review (to diff against)." }),
    firstSeenAt: Timestamp,
    lastSeenAt: Timestamp,
    removedAt: Timestamp.nullable(),
  })
  .meta({ id: "Tool" });
export type ToolResponse = z.infer<typeof ToolResponse>;

export const ToolListResponse = z.object({ data: z.array(ToolResponse) }).meta({ id: "ToolList" });
export type ToolListResponse = z.infer<typeof ToolListResponse>;

export const TestConnectionResponse = z
  .object({
    ok: z.boolean(),
    serverInfo: z.object({ name: z.string(), version: z.string(), title: z.string().optional() }).nullable(),
    protocolVersion: z.string().nullable(),
    latencyMs: z.number().int(),
    error: z
      .object({
        kind: z.enum(["ssrf", "dns", "refused", "timeout", "tls", "unauthorized", "http", "not_mcp"]),
        message: z.string(),
      })
      .optional(),
  })
  .meta({ id: "TestConnectionResult" });
export type TestConnectionResponse = z.infer<typeof TestConnectionResponse>;

export const DiscoveryResponse = z
  .object({
    added: z.array(z.string()),
    changed: z.array(z.string()),
    removed: z.array(z.string()),
    tools: z.array(ToolResponse),
  })
  .meta({ id: "DiscoveryResult" });
export type DiscoveryResponse = z.infer<typeof DiscoveryResponse>;

export const StarterPolicyResponse = z
  .object({
    document: z.record(z.string(), z.unknown()).meta({ description: "A policy document (POLICY-LANGUAGE.md) to edit before publishing." }),
    rationale: z.array(z.object({ tool: z.string(), category: RiskCategory, level: RiskLevel, rule: z.string() })),
  })
  .meta({ id: "StarterPolicy" });
export type StarterPolicyResponse = z.infer<typeof StarterPolicyResponse>;

export const ToolNameParam = z.object({ id: z.string().min(1).max(100), name: z.string().min(1).max(200) });

/**
 * The onboarding step after discovery: publish a policy for the server (the starter policy as
 * edited), create an identity, mint its token and grant it the server, in one go.
 */
export const SetUpServerAccessInput = z.object({
  serverId: z.string().min(1),
  policyName: z.string().trim().min(1, { message: "Name the policy." }).max(100).default("starter"),
  document: z.unknown(),
  identityName: z.string().trim().min(1, { message: "Name the agent that will connect." }).max(100),
});
export type SetUpServerAccessInput = z.input<typeof SetUpServerAccessInput>;
