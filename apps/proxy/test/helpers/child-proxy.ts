// A proxy as a real separate process (`tsx src/main.ts`, configured only through its
// environment), for tests about replicas sharing Redis and for the benchmark.
import { fileURLToPath } from "node:url";
import { type Service, spawnService } from "./spawn.ts";

export type ChildProxy = Service;

const APP_DIR = fileURLToPath(new URL("../..", import.meta.url));

export function spawnProxy(env: Record<string, string>, nodeArgs: string[] = []): Promise<ChildProxy> {
  return spawnService(APP_DIR, "src/main.ts", { GATEHOUSE_PROXY_PORT: "0", GATEHOUSE_PROXY_OPS_PORT: "0", GATEHOUSE_LOG_LEVEL: "info", ...env }, "proxy listening", nodeArgs);
}
