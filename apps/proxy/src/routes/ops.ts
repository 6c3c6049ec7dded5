// Operational endpoints: liveness, readiness, what this replica enforces, and metrics. /status,
// /metrics and the detailed /readyz name org ids and revisions, so they are served on the ops
// listener only (server.ts createOpsServer); the public port has /healthz and publicReadyz.
import type { ServerResponse } from "node:http";
import type { BundleClient } from "../bundle-client.ts";
import type { BundleStore } from "../bundle-store.ts";
import { sendJson } from "../errors.ts";
import type { ProxyMetrics } from "../metrics.ts";

export type OpsDeps = { store: BundleStore; bundles: BundleClient; metrics: ProxyMetrics; proxyId: string; startedAt: number };

// GET /healthz — the process is up and serving HTTP
export function healthz(res: ServerResponse): void {
  sendJson(res, 200, { ok: true });
}

// GET /readyz — ready once at least one bundle is held (before that every /mcp call gets 503)
export function readyz(res: ServerResponse, deps: OpsDeps): void {
  const ready = !deps.store.empty;
  sendJson(res, ready ? 200 : 503, { ready, orgs: deps.store.allOrgs().length });
}

// GET /readyz on the public port — the same answer without saying how many tenants there are
export function publicReadyz(res: ServerResponse, deps: OpsDeps): void {
  const ready = !deps.store.empty;
  sendJson(res, ready ? 200 : 503, { ready });
}

// GET /status — the bundle revision this replica enforces, per org
export function status(res: ServerResponse, deps: OpsDeps): void {
  const now = Date.now();
  sendJson(res, 200, {
    proxyId: deps.proxyId,
    startedAt: new Date(deps.startedAt).toISOString(),
    lastSyncAt: deps.bundles.lastSyncAt === null ? null : new Date(deps.bundles.lastSyncAt).toISOString(),
    orgs: deps.store.allOrgs().map((o) => ({
      orgId: o.orgId,
      revision: o.bundle.revision,
      contentHash: o.bundle.contentHash,
      builtAt: o.bundle.builtAt,
      installedAt: new Date(o.installedAtMs).toISOString(),
      ageSeconds: Math.round((now - o.builtAtMs) / 1000),
    })),
  });
}

// GET /metrics — Prometheus text format
export function metrics(res: ServerResponse, deps: OpsDeps): void {
  const text = deps.metrics.render();
  res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
