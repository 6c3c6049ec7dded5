// How the dashboard names identity kinds. `service` covers CI jobs, scheduled tasks and other services.
import type { IdentityResponse } from "@gatehouse/shared";

export type IdentityKind = IdentityResponse["kind"];

export const KIND_LABELS: Record<IdentityKind, string> = {
  agent: "Agent",
  person: "Person",
  service: "Service / CI",
};

export const KIND_HINTS: Record<IdentityKind, string> = {
  agent: "An AI agent or MCP client (Claude Desktop, Cursor, an SDK client).",
  person: "Someone calling tools directly, e.g. from their own MCP client.",
  service: "A CI job, a scheduled task or another service.",
};

export const KINDS = Object.keys(KIND_LABELS) as IdentityKind[];
