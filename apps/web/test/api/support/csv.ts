import type { DecisionLogResponse } from "@gatehouse/shared";

// An RFC 4180 CSV reader for the export tests (quoted cells with commas, quotes and line breaks).
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i += 1;
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** A CSV line back into a DecisionLog: empty cells are null, numbers are numbers, argKeys is JSON. */
export function fromCsv(header: string[], cells: string[]): DecisionLogResponse {
  const numeric = new Set(["bundleRevision", "upstreamStatus", "upstreamLatencyMs", "proxyLatencyMs"]);
  const row: Record<string, unknown> = {};
  header.forEach((name, i) => {
    const cell = cells[i] ?? "";
    if (name === "argKeys" || name === "violationPaths") row[name] = JSON.parse(cell);
    else if (cell === "") row[name] = null;
    else row[name] = numeric.has(name) ? Number(cell) : cell;
  });
  return row as DecisionLogResponse;
}

