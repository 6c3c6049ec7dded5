// What request handlers need, built once by proxy.ts.
import type { BundleStore } from "./bundle-store.ts";
import type { DecisionEmitter } from "./decision-emitter.ts";
import type { UpstreamClient } from "./forward.ts";
import type { Limiter } from "./limiter.ts";
import type { Logger } from "@gatehouse/shared/node";
import type { ProxyMetrics } from "./metrics.ts";
import type { OpenStreams } from "./open-streams.ts";
import type { HostAllowList } from "./origin-check.ts";
import type { ToolDrift } from "./tool-pins.ts";
import type { SessionBindings } from "./session-bindings.ts";
import type { ApprovalGate } from "./approvals/gate.ts";
import type { ApprovalTasks } from "./tasks/approval-tasks.ts";

export type ProxyDeps = {
  store: BundleStore;
  limiter: Limiter;
  upstream: UpstreamClient;
  emitter: DecisionEmitter;
  metrics: ProxyMetrics;
  logger: Logger;
  /** Live definitions of pinned tools seen differing from the accepted ones (tool-pins.ts). */
  toolDrift: ToolDrift;
  sessions: SessionBindings;
  limits: { bodyIdleTimeoutMs: number };
  streams: OpenStreams;
  hosts: HostAllowList;
  /** Holds calls for a human (approvals/gate.ts); null refuses approval_required calls outright. */
  approvals: ApprovalGate | null;
  /** Approvals as MCP tasks (tasks/approval-tasks.ts); null answers task-augmented calls by holding. */
  tasks: ApprovalTasks | null;
};
