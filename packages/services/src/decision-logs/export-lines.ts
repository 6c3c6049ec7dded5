// The export's line formats. CSV per RFC 4180 (quoted when a cell holds a comma, quote or line
// break; CRLF line ends; text a spreadsheet would run as a formula starts with `'`), one column per response field; `argKeys` and `violationPaths` are JSON arrays in one cell so
// keys containing commas or semicolons survive the round trip. NDJSON is one response per line.
import type { DecisionLogResponse } from "@gatehouse/shared";
import { csvCell } from "../csv.ts";

export const DECISION_LOG_CSV_COLUMNS = [
  "id", "createdAt", "requestId", "method", "toolName", "serverId", "identityId", "grantId", "tokenPrefix",
  "outcome", "shadowOutcome", "rule", "message", "argKeys", "argsHash", "policyId", "policyVersionId",
  "bundleRevision", "approvalId", "upstreamStatus", "upstreamLatencyMs", "proxyLatencyMs", "violationPaths",
] as const satisfies readonly (keyof DecisionLogResponse)[];

export const csvHeaderLine = (): string => `${DECISION_LOG_CSV_COLUMNS.join(",")}\r\n`;

export function toCsvLine(row: DecisionLogResponse): string {
  return `${DECISION_LOG_CSV_COLUMNS.map((column) => cell(column === "argKeys" || column === "violationPaths" ? JSON.stringify(row[column]) : row[column])).join(",")}\r\n`;
}

export const toNdjsonLine = (row: DecisionLogResponse): string => `${JSON.stringify(row)}\n`;

function cell(value: string | number | null | string[]): string {
  if (value === null) return "";
  return typeof value === "number" ? String(value) : csvCell(String(value));
}
