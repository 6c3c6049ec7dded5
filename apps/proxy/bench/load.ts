// A closed-loop load generator: `concurrency` workers, each with its own MCP session, sending
// one tools/call after another over keep-alive connections. Bounded by a request count or a
// duration; loopback only.
import type { Pool } from "undici";

export type Target = { url: string; headers: Record<string, string> };

const ACCEPT = { "content-type": "application/json", accept: "application/json, text/event-stream" };

export const CALL_ARGS = { prompt: "a lighthouse at dusk", model: "flux-pro-1.1", width: 1024, height: 768 };

function callBody(id: number, name = "flux_generate_image", args: Record<string, unknown> = CALL_ARGS): string {
  return JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } });
}

export class Session {
  private nextId = 1;
  private constructor(
    private readonly pool: Pool,
    private readonly path: string,
    private readonly headers: Record<string, string>,
  ) {}

  static async open(pool: Pool, target: Target): Promise<Session> {
    const url = new URL(target.url);
    const base = { ...ACCEPT, ...target.headers };
    const init = await pool.request({
      path: url.pathname,
      method: "POST",
      headers: base,
      body: JSON.stringify({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "1" } } }),
    });
    await init.body.text();
    if (init.statusCode !== 200) throw new Error(`initialize answered ${init.statusCode}`);
    const sessionId = init.headers["mcp-session-id"];
    const headers: Record<string, string> = { ...base, "mcp-protocol-version": "2025-06-18" };
    if (typeof sessionId === "string") headers["mcp-session-id"] = sessionId;
    const ack = await pool.request({ path: url.pathname, method: "POST", headers, body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) });
    await ack.body.text();
    return new Session(pool, url.pathname, headers);
  }

  /** One tools/call; resolves with the raw response text (SSE or JSON). */
  async call(name?: string, args?: Record<string, unknown>): Promise<{ ok: boolean; text: string }> {
    const res = await this.pool.request({ path: this.path, method: "POST", headers: this.headers, body: callBody(this.nextId++, name, args) });
    const text = await res.body.text();
    return { ok: res.statusCode === 200 && text.includes('"result"') && !text.includes('"isError":true'), text };
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export { percentile };
