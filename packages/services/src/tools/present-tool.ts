// A Tool row as the API shows it, with its risk signals in full ({ kind, argument?, reason }).
import type { ArgumentValidationMode } from "@gatehouse/policy";
import type { RiskSignal, ToolResponse } from "@gatehouse/shared";
import { toolValidation } from "./argument-validation.ts";

export type ToolRow = {
  id: string;
  serverId: string;
  name: string;
  title: string | null;
  description: string | null;
  inputSchema: unknown;
  annotations: unknown;
  riskCategory: string | null;
  riskLevel: ToolResponse["riskLevel"] | null;
  riskSignalDetails: unknown;
  definitionHash: string;
  acceptedHash: string | null;
  acceptedDefinition: unknown;
  status: ToolResponse["status"];
  firstSeenAt: Date;
  lastSeenAt: Date;
  removedAt: Date | null;
};

const CATEGORIES = new Set(["read", "write", "execute", "destructive", "financial", "other"]);

/** `serverMode`: the server's argumentValidation, for the tool's `validation`. */
export function presentTool(row: ToolRow, serverMode: ArgumentValidationMode): ToolResponse {
  return {
    id: row.id,
    serverId: row.serverId,
    name: row.name,
    title: row.title,
    description: row.description,
    inputSchema: row.inputSchema,
    annotations: row.annotations ?? null,
    riskCategory: (row.riskCategory && CATEGORIES.has(row.riskCategory) ? row.riskCategory : "other") as ToolResponse["riskCategory"],
    riskLevel: row.riskLevel ?? "low",
    riskSignals: Array.isArray(row.riskSignalDetails) ? (row.riskSignalDetails as RiskSignal[]) : [],
    definitionHash: row.definitionHash,
    acceptedHash: row.acceptedHash,
    status: row.status,
    validation: toolValidation(row, serverMode),
    previousDefinition: row.acceptedDefinition ?? null,
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    removedAt: row.removedAt?.toISOString() ?? null,
  };
}

const RISK_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/** Live tools first, riskiest first, then by name: the order the tools table opens in. */
export function byRisk(a: ToolResponse, b: ToolResponse): number {
  const removed = Number(a.status === "removed") - Number(b.status === "removed");
  return removed || RISK_ORDER[a.riskLevel] - RISK_ORDER[b.riskLevel] || a.name.localeCompare(b.name);
}
