// The scheduled drift scan (issue 9): tools.scan fans out one tools.discover per enabled server;
// tools.discover runs the same verb as the dashboard's "Discover tools" as the system actor of
// the server's org. An unreachable upstream is logged, not retried into the ground: the next
// scan tries again.
import type { Db } from "@gatehouse/db";
import { type HandlerEntry, type Producer, handle, toolsDiscover, toolsScan } from "@gatehouse/jobs";
import { type ServiceContext, discoverTools, unsafeListServersToDiscover } from "@gatehouse/services";
import { AppError } from "@gatehouse/shared";

export type DiscoveryDeps = {
  db: Db;
  producer: Producer;
  secrets: ServiceContext["secrets"];
  allowPrivateNetworks: boolean;
  bundles?: ServiceContext["bundles"];
};

export function discoveryHandlers(deps: DiscoveryDeps): HandlerEntry[] {
  return [
    handle(toolsScan, async (payload, { log }) => {
      // One slot per hour: a scan repeated within the hour (a replica, a retry) discovers each server once.
      const slot = payload.slot ?? new Date().toISOString().slice(0, 13);
      const servers = await unsafeListServersToDiscover(deps.db);
      for (const server of servers) await deps.producer.enqueue(toolsDiscover, { ...server, slot });
      log.info("tool discovery scan enqueued", { servers: servers.length, slot });
    }),
    handle(toolsDiscover, async (payload, { log, jobId }) => {
      const ctx = {
        db: deps.db,
        orgId: payload.orgId,
        role: "admin" as const,
        actor: { type: "system" as const, label: "scheduled discovery" },
        requestId: jobId,
        secrets: deps.secrets,
        allowPrivateNetworks: deps.allowPrivateNetworks,
        ...(deps.bundles ? { bundles: deps.bundles } : {}),
      };
      try {
        const result = await discoverTools(ctx, { serverId: payload.serverId });
        if (result.added.length || result.changed.length || result.removed.length) {
          log.info("tool drift found", { orgId: payload.orgId, serverId: payload.serverId, added: result.added.join(","), changed: result.changed.join(","), removed: result.removed.join(",") });
        }
      } catch (error) {
        // The server was deleted since the scan, or its upstream is down / refused: nothing to retry now.
        if (error instanceof AppError && (error.code === "not_found" || error.code === "validation_failed")) {
          log.warn("scheduled discovery skipped", { orgId: payload.orgId, serverId: payload.serverId, reason: error.message });
          return;
        }
        throw error;
      }
    }),
  ];
}
