// What request handlers need, built once by proxy.ts.
import type { BundleStore } from "./bundle-store.ts";
import type { DecisionEmitter } from "./decision-emitter.ts";
import type { UpstreamClient } from "./forward.ts";
import type { Limiter } from "./limiter.ts";
import type { Logger } from "@gatehouse/shared/node";
import type { ProxyMetrics } from "./metrics.ts";
import type { SessionBindings } from "./session-bindings.ts";

export type ProxyDeps = {
  store: BundleStore;
  limiter: Limiter;
  upstream: UpstreamClient;
  emitter: DecisionEmitter;
  metrics: ProxyMetrics;
  logger: Logger;
  sessions: SessionBindings;
  limits: { bodyIdleTimeoutMs: number };
};
