// Typed configuration at the edge (STYLE.md practice 5): the only reader of process.env in the
// proxy. Everything else receives a ProxyConfig, so tests start proxies with plain objects.
import { hostname } from "node:os";
import { fileURLToPath } from "node:url";
import { DECISION_STREAM, DEFAULT_JOBS_PREFIX } from "@gatehouse/jobs";
import { parseEncryptionKey } from "@gatehouse/shared/node";
import { z } from "zod";
import type { LogLevel } from "@gatehouse/shared/node";

export type ProxyConfig = {
  controlPlaneUrl: string;
  proxySecret: string;
  encryptionKey: Buffer;
  redisUrl: string;
  port: number;
  host: string;
  /** Where the last good bundle of every org is kept, for restarts during a control-plane outage. */
  stateDir: string;
  /** Off by default: upstream URLs come from tenants and must not reach the proxy's own network. */
  allowPrivateUpstreams: boolean;
  /** Backstop poll of the bundle index; Redis announcements normally arrive first. */
  pollIntervalMs: number;
  proxyId: string;
  logLevel: LogLevel;
  /** Prefix of the rate-limit keys (rateLimitKey). */
  rateLimitPrefix: string;
  /** Redis Stream the decision events go to (DECISION_STREAM.key; tests use private ones). */
  decisionStreamKey: string;
  /** Decision events held in memory while Redis is slow or down; older ones are dropped past this. */
  decisionBufferMax: number;
  // Fields below are optional so configs built by hand (tests, system harnesses) keep compiling;
  // startProxy fills in the defaults (PROXY_DEFAULTS).
  /** Idle lifetime of an MCP session's owner record (session-bindings.ts), refreshed as it is used. */
  sessionTtlMs?: number;
  /** The ops listener (/status, /metrics): its own port (`0` picks one) and host, loopback by default. */
  opsPort?: number;
  opsHost?: string;
  /** Client-side time limits: headers complete, whole request received, body idle. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  bodyIdleTimeoutMs?: number;
  /** Host names (`name` or `name:port`) the proxy answers /mcp on; null/absent: loopback names on a loopback listener, else any. */
  allowedHosts?: string[] | null;
  /** On SIGTERM (main.ts), how long to keep serving with keep-alive off before closing the listener. */
  drainMs?: number;
  /** BullMQ key prefix of the job catalog (approval.persist, …); tests use private ones. */
  jobsPrefix?: string;
  /** At most one tool-drift report per server and tool in this time (tool-pins.ts DriftReporter). */
  driftReportIntervalMs?: number;
};

// An exported-but-empty variable means "not set", as shells and compose files produce.
const unset = (v: unknown) => (v === "" ? undefined : v);
const flag = z.preprocess(unset, z.enum(["1", "0", "true", "false"]).optional()).transform((v) => v === "1" || v === "true");
const int = (fallback: number, min: number, max: number) => z.preprocess(unset, z.coerce.number().int().min(min).max(max).default(fallback));

// The repository's .gatehouse/ directory, where scripts/start.sh keeps all local state.
const DEFAULT_STATE_DIR = fileURLToPath(new URL("../../../.gatehouse/proxy", import.meta.url));

const EnvSchema = z.object({
  GATEHOUSE_CONTROL_PLANE_URL: z.preprocess(unset, z.url().default("http://127.0.0.1:3000")),
  GATEHOUSE_PROXY_SECRET: z.string({ error: "GATEHOUSE_PROXY_SECRET is required (the credential for /api/internal/bundles)." }).min(16),
  GATEHOUSE_ENCRYPTION_KEY: z.string({ error: "GATEHOUSE_ENCRYPTION_KEY is required (decrypts upstream credentials)." }).min(1),
  REDIS_URL: z.preprocess(unset, z.string().default("redis://127.0.0.1:6379")),
  GATEHOUSE_PROXY_PORT: int(4000, 0, 65_535),
  GATEHOUSE_PROXY_HOST: z.preprocess(unset, z.string().default("127.0.0.1")),
  GATEHOUSE_PROXY_STATE_DIR: z.preprocess(unset, z.string().default(DEFAULT_STATE_DIR)),
  GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: flag,
  GATEHOUSE_PROXY_POLL_INTERVAL_MS: int(30_000, 200, 3_600_000),
  GATEHOUSE_PROXY_ID: z.preprocess(unset, z.string().optional()),
  GATEHOUSE_LOG_LEVEL: z.preprocess(unset, z.enum(["debug", "info", "warn", "error"]).default("info")),
  GATEHOUSE_DECISION_BUFFER_MAX: int(50_000, 100, 10_000_000),
  GATEHOUSE_PROXY_SESSION_TTL_S: int(86_400, 60, 30 * 86_400),
  GATEHOUSE_PROXY_OPS_PORT: int(4001, 0, 65_535),
  GATEHOUSE_PROXY_OPS_HOST: z.preprocess(unset, z.string().default("127.0.0.1")),
  GATEHOUSE_PROXY_HEADERS_TIMEOUT_MS: int(20_000, 100, 600_000),
  GATEHOUSE_PROXY_REQUEST_TIMEOUT_MS: int(60_000, 100, 3_600_000),
  GATEHOUSE_PROXY_BODY_IDLE_TIMEOUT_MS: int(15_000, 100, 600_000),
  GATEHOUSE_PROXY_ALLOWED_HOSTS: z.preprocess(unset, z.string().optional()),
  GATEHOUSE_PROXY_DRAIN_MS: int(2_000, 0, 120_000),
  GATEHOUSE_PROXY_DRIFT_REPORT_INTERVAL_MS: int(60_000, 1_000, 86_400_000),
  // Which Redis Stream decision events go to: the workers' (default), or a private one for a
  // test or benchmark that must not feed a running worker.
  GATEHOUSE_DECISION_STREAM: z.preprocess(unset, z.string().min(1).default(DECISION_STREAM.key)),
  // Which BullMQ queues approval jobs go to: the workers' (default), or a private set for a test.
  GATEHOUSE_JOBS_PREFIX: z.preprocess(unset, z.string().regex(/^[\w.-]{1,60}$/).default(DEFAULT_JOBS_PREFIX)),
});

/** Defaults of the optional ProxyConfig fields. */
export const PROXY_DEFAULTS = {
  sessionTtlMs: 86_400_000,
  // A hand-built config (tests, embedding) gets a free port rather than colliding on 4001.
  opsPort: 0,
  opsHost: "127.0.0.1",
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 60_000,
  bodyIdleTimeoutMs: 15_000,
  driftReportIntervalMs: 60_000,
} as const;

export function parseProxyEnv(env: Record<string, string | undefined>): ProxyConfig {
  const e = EnvSchema.parse(env);
  return {
    controlPlaneUrl: e.GATEHOUSE_CONTROL_PLANE_URL.replace(/\/+$/, ""),
    proxySecret: e.GATEHOUSE_PROXY_SECRET,
    encryptionKey: parseEncryptionKey(e.GATEHOUSE_ENCRYPTION_KEY),
    redisUrl: e.REDIS_URL,
    port: e.GATEHOUSE_PROXY_PORT,
    host: e.GATEHOUSE_PROXY_HOST,
    stateDir: e.GATEHOUSE_PROXY_STATE_DIR,
    allowPrivateUpstreams: e.GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS,
    pollIntervalMs: e.GATEHOUSE_PROXY_POLL_INTERVAL_MS,
    proxyId: e.GATEHOUSE_PROXY_ID ?? `${hostname()}-${process.pid}`,
    logLevel: e.GATEHOUSE_LOG_LEVEL,
    rateLimitPrefix: "gatehouse:",
    decisionStreamKey: e.GATEHOUSE_DECISION_STREAM,
    decisionBufferMax: e.GATEHOUSE_DECISION_BUFFER_MAX,
    sessionTtlMs: e.GATEHOUSE_PROXY_SESSION_TTL_S * 1000,
    opsPort: e.GATEHOUSE_PROXY_OPS_PORT,
    opsHost: e.GATEHOUSE_PROXY_OPS_HOST,
    headersTimeoutMs: e.GATEHOUSE_PROXY_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: e.GATEHOUSE_PROXY_REQUEST_TIMEOUT_MS,
    bodyIdleTimeoutMs: e.GATEHOUSE_PROXY_BODY_IDLE_TIMEOUT_MS,
    allowedHosts: e.GATEHOUSE_PROXY_ALLOWED_HOSTS === undefined ? null : e.GATEHOUSE_PROXY_ALLOWED_HOSTS.split(",").map((h) => h.trim()).filter((h) => h !== ""),
    drainMs: e.GATEHOUSE_PROXY_DRAIN_MS,
    jobsPrefix: e.GATEHOUSE_JOBS_PREFIX,
    driftReportIntervalMs: e.GATEHOUSE_PROXY_DRIFT_REPORT_INTERVAL_MS,
  };
}

export function loadProxyEnv(): ProxyConfig {
  return parseProxyEnv(process.env);
}
