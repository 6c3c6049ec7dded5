// Starts the demo upstream on one node:http server: /mcp plus the hooks. Used in-process by
// tests and by main.ts for the demo.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeFlux } from "./fake-flux.ts";
import { FailureInjector, type FailurePlan } from "./failures.ts";
import { handleHook } from "./http/hooks.ts";
import { sendJson } from "./http/io.ts";
import { McpEndpoint } from "./http/mcp-endpoint.ts";
import { type Stats, StatsRecorder } from "./stats.ts";

export const MCP_PATH = "/mcp";

export interface DemoUpstreamOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Answer POSTs with a JSON body instead of an SSE stream (SDK `enableJsonResponse`). */
  jsonResponse?: boolean;
  /** No Mcp-Session-Id: every POST gets a fresh server; GET and DELETE answer 405. */
  stateless?: boolean;
  /** When set, /mcp answers 401 unless this header carries exactly this value. */
  requiredHeader?: { name: string; value: string };
}

export interface DemoUpstream {
  /** e.g. http://127.0.0.1:4100/mcp */
  url: string;
  /** e.g. http://127.0.0.1:4100 — the hooks live here. */
  origin: string;
  stats(): Stats;
  /** Back to a freshly started server: counters, history, failure plans and fake tasks. */
  reset(): void;
  /** Makes the next `count` (default 1) matching tool calls fail in the given way. */
  fail(plan: FailurePlan): void;
  /** Changes a tool's description in tools/list (null restores it), as the hook does. */
  setToolDescription(tool: string, description: string | null): void;
  close(): Promise<void>;
}

export async function startDemoUpstream(options: DemoUpstreamOptions = {}): Promise<DemoUpstream> {
  const host = options.host ?? "127.0.0.1";
  const flux = new FakeFlux();
  const stats = new StatsRecorder();
  const failures = new FailureInjector();
  const endpoint = new McpEndpoint(flux, stats, failures, {
    jsonResponse: options.jsonResponse ?? false,
    stateless: options.stateless ?? false,
    requiredHeader: options.requiredHeader,
  });

  const api = {
    stats: () => stats.snapshot(endpoint.sessionCount),
    reset: () => {
      stats.reset();
      failures.reset();
      flux.reset();
    },
    fail: (plan: FailurePlan) => failures.add(plan),
    setToolDescription: (tool: string, description: string | null) => {
      if (description === null) flux.descriptionOverrides.delete(tool);
      else flux.descriptionOverrides.set(tool, description);
    },
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const handled =
      path === MCP_PATH
        ? endpoint.handle(req, res).then(() => true)
        : handleHook(path, req, res, api);
    handled
      .then((found) => {
        if (!found) sendJson(res, 404, { error: { code: "not_found", message: `No route for ${path}` } });
      })
      .catch(() => {
        // A handler failed after or before writing; never leave the client waiting.
        if (!res.headersSent) sendJson(res, 500, { error: { code: "internal", message: "demo-upstream error" } });
        else res.destroy();
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      await endpoint.close();
      // Open SSE streams and keep-alive sockets would otherwise hold close() forever.
      server.closeAllConnections();
      await stopped;
    })();
    return closing;
  };

  return { url: `${origin}${MCP_PATH}`, origin, ...api, close };
}
