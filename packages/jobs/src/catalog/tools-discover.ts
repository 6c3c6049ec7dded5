// tools.scan — repeated (every 6 hours by default): enqueue one tools.discover per enabled server.
// tools.discover — list one server's tools upstream and mark what was added, changed, removed
// (the same verb as the dashboard's "Discover tools"). Its id names the scan slot, so two scans
// of one slot (two worker replicas, a retried scan) discover each server once.
import { z } from "zod";
import { defineJob, safeJobId } from "./define-job.ts";

export const ToolsScanPayload = z.object({ slot: z.string().min(1).optional() });
export type ToolsScanPayload = z.infer<typeof ToolsScanPayload>;

export const toolsScan = defineJob({
  name: "tools.scan",
  queue: "discovery",
  payload: ToolsScanPayload,
  jobId: (p) => safeJobId("tools.scan", p.slot ?? "now"),
  attempts: 3,
  backoff: { type: "exponential", delayMs: 30_000 },
  keepCompleted: 20,
});

export const ToolsDiscoverPayload = z.object({ orgId: z.string().min(1), serverId: z.string().min(1), slot: z.string().min(1) });
export type ToolsDiscoverPayload = z.infer<typeof ToolsDiscoverPayload>;

export const toolsDiscover = defineJob({
  name: "tools.discover",
  queue: "discovery",
  payload: ToolsDiscoverPayload,
  jobId: (p) => safeJobId("tools.discover", p.serverId, p.slot),
  attempts: 2,
  backoff: { type: "fixed", delayMs: 60_000 },
  keepCompleted: 200,
});

/** Repeats `tools.scan` every `everyMs` (BullMQ job scheduler: one schedule however many workers upsert it). */
export const DEFAULT_DISCOVERY_INTERVAL_MS = 6 * 60 * 60 * 1000;
