// What arrived at /mcp, kept so tests can prove a call did (or never did) reach the upstream
// and see exactly which headers came with it.
import type { IncomingHttpHeaders } from "node:http";
import type { FailMode } from "./failures.ts";

const HISTORY_LIMIT = 100;

export interface RequestRecord {
  /** HTTP method of the request to /mcp. */
  httpMethod: string;
  /** JSON-RPC method of the message; absent for GET (SSE stream) and DELETE requests. */
  method?: string;
  /** Tool name, for `tools/call`. */
  tool?: string;
  /** Mcp-Session-Id the request carried, if any. */
  sessionId?: string;
  /** Header names lower-cased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Set when the required upstream credential was missing or wrong (the request got 401). */
  rejected?: "unauthorized";
  /** Set when a /__fail plan was applied to this call. */
  injected?: FailMode;
}

export interface Stats {
  /** Every `tools/call` that arrived, by tool name — including rejected and failed ones. */
  calls: Record<string, number>;
  total: number;
  /** The last 100 requests, oldest first. A POST carrying a batch yields one entry per message. */
  requests: RequestRecord[];
  /** MCP sessions currently open (always 0 when stateless). */
  activeSessions: number;
}

export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

export class StatsRecorder {
  private calls = new Map<string, number>();
  private requests: RequestRecord[] = [];

  record(entry: RequestRecord): void {
    if (entry.method === "tools/call" && entry.tool !== undefined) {
      this.calls.set(entry.tool, (this.calls.get(entry.tool) ?? 0) + 1);
    }
    this.requests.push(entry);
    if (this.requests.length > HISTORY_LIMIT) this.requests.splice(0, this.requests.length - HISTORY_LIMIT);
  }

  snapshot(activeSessions: number): Stats {
    const calls = Object.fromEntries(this.calls);
    const total = [...this.calls.values()].reduce((sum, n) => sum + n, 0);
    return { calls, total, requests: structuredClone(this.requests), activeSessions };
  }

  reset(): void {
    this.calls = new Map();
    this.requests = [];
  }
}
