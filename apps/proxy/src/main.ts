// `pnpm --filter @gatehouse/proxy start`: the proxy as a process. Config comes from env.ts;
// SIGTERM/SIGINT close the server, flush buffered decision events and exit.
import { loadProxyEnv } from "./env.ts";
import { createLogger, errorMessage } from "@gatehouse/shared/node";
import { startProxy } from "./proxy.ts";

const config = loadProxyEnv();
const logger = createLogger(config.logLevel, { service: "proxy", proxyId: config.proxyId });

try {
  const proxy = await startProxy(config, logger);
  const stop = (signal: string) => {
    logger.info("stopping", { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    proxy.close().then(
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
