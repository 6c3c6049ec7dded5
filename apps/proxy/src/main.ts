// `pnpm --filter @gatehouse/proxy start`: the proxy as a process. Config comes from env.ts;
// SIGTERM/SIGINT drain connections (GATEHOUSE_PROXY_DRAIN_MS), close the server once calls in
// flight are answered, flush buffered decision events and exit.
import { loadProxyEnv } from "./env.ts";
import { createLogger, errorMessage } from "@gatehouse/shared/node";
import { startProxy } from "./proxy.ts";

const config = loadProxyEnv();
const drainMs = config.drainMs ?? 0;
const logger = createLogger(config.logLevel, { service: "proxy", proxyId: config.proxyId });

try {
  const proxy = await startProxy(config, logger);
  const stop = (signal: string) => {
    logger.info("stopping", { signal });
    const force = setTimeout(() => process.exit(1), drainMs + 10_000);
    force.unref();
    // Drain first: connections a load balancer holds are closed one reply at a time, while new
    // ones are still accepted, so no request is sent to a socket this process is closing.
    proxy.drain();
    const drained = new Promise((resolve) => setTimeout(resolve, drainMs));
    drained.then(() => proxy.close()).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
} catch (error) {
  logger.error("proxy failed to start", { error: errorMessage(error) });
  process.exit(1);
}
