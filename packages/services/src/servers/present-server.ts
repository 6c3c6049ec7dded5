// A Server row as the API shows it: explicit fields, the credential as a masked hint only (the
// encrypted envelope never leaves the services layer), and the proxy URL agents connect to.
import type { ServerResponse } from "@gatehouse/shared";

export type ServerRow = {
  id: string;
  name: string;
  description: string | null;
  upstreamUrl: string;
  transport: ServerResponse["transport"];
  upstreamAuthHint: string | null;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  maxBodyBytes: number;
  enabled: boolean;
  allowedOrigins: string[];
  onToolChange: ServerResponse["onToolChange"];
  argumentValidation?: ServerResponse["argumentValidation"];
  captureArguments?: boolean;
  captureRetentionDays?: number;
  lastDiscoveredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export type ToolCounts = { toolCount: number; toolsNeedingReview: number };

/** `<proxy origin>/mcp/<server id>` (DESIGN.md "The wire contract agents see"). */
export function proxyUrlOf(proxyOrigin: string, serverId: string): string {
  return `${proxyOrigin.replace(/\/+$/, "")}/mcp/${serverId}`;
}

export function presentServer(row: ServerRow, counts: ToolCounts, proxyOrigin: string): ServerResponse {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    upstreamUrl: row.upstreamUrl,
    transport: row.transport,
    upstreamAuth: row.upstreamAuthHint
      ? { type: row.upstreamAuthHint.startsWith("OAuth client credentials") ? "oauth2_client_credentials" : "headers", hint: row.upstreamAuthHint }
      : null,
    connectTimeoutMs: row.connectTimeoutMs,
    headersTimeoutMs: row.headersTimeoutMs,
    bodyTimeoutMs: row.bodyTimeoutMs,
    maxBodyBytes: row.maxBodyBytes,
    enabled: row.enabled,
    allowedOrigins: row.allowedOrigins,
    onToolChange: row.onToolChange,
    argumentValidation: row.argumentValidation ?? "enforce",
    captureArguments: row.captureArguments ?? false,
    captureRetentionDays: row.captureRetentionDays ?? 7,
    toolCount: counts.toolCount,
    toolsNeedingReview: counts.toolsNeedingReview,
    lastDiscoveredAt: row.lastDiscoveredAt?.toISOString() ?? null,
    proxyUrl: proxyUrlOf(proxyOrigin, row.id),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
