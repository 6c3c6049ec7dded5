// For cross-app system tests and embedding: start a proxy from a ProxyConfig.
export type { ProxyConfig } from "./env.ts";
export { parseProxyEnv } from "./env.ts";
export { type ProxyHandle, startProxy } from "./proxy.ts";
