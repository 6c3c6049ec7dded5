// Composition root: builds every part from a ProxyConfig and starts serving. main.ts calls it
// with the environment's config; tests and the benchmark call it with their own.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApprovalState, TaskState, createProducer, createRedis, DEFAULT_JOBS_PREFIX, proxyStatusKey } from "@gatehouse/jobs";
import { decryptText, encryptText } from "@gatehouse/shared/node";
import type { Redis } from "ioredis";
import { BundleClient } from "./bundle-client.ts";
import { BundleDisk } from "./bundle-disk.ts";
import { BundleStore } from "./bundle-store.ts";
import { DecisionEmitter } from "./decision-emitter.ts";
import type { ProxyDeps } from "./deps.ts";
import { DriftReporter, ToolDrift } from "./tool-pins.ts";
import { httpDriftSender } from "./drift-sender.ts";
import { PROXY_DEFAULTS, type ProxyConfig } from "./env.ts";
import { UpstreamClient } from "./forward.ts";
import { Limiter } from "./limiter.ts";
import { createLogger, errorMessage, type Logger } from "@gatehouse/shared/node";
import { ProxyMetrics } from "./metrics.ts";
import { createOpsServer, createProxyServer } from "./server.ts";
import { OpenStreams } from "./open-streams.ts";
import { HostAllowList } from "./origin-check.ts";
import { SessionBindings } from "./session-bindings.ts";

/** How long a stopping proxy waits for calls in flight before cutting their connections. */
const SHUTDOWN_GRACE_MS = 8_000;
const KEEP_ALIVE_MS = 65_000;
import { ApprovalGate } from "./approvals/gate.ts";
import { ApprovalWaiter } from "./approvals/waiter.ts";
import { ApprovalTasks } from "./tasks/approval-tasks.ts";

export type ProxyHandle = {
  url: string;
  /** The ops listener (/status, /metrics, detailed /readyz). */
  opsUrl: string;
  config: ProxyConfig;
  port: number;
  store: BundleStore;
  bundles: BundleClient;
  metrics: ProxyMetrics;
  emitter: DecisionEmitter;
  /** Keeps serving, but every reply closes its connection, so a load balancer stops reusing them before close(). */
  drain(): void;
  close(): Promise<void>;
};

const REDIS_READY_WAIT_MS = 2000;

export async function startProxy(config: ProxyConfig, logger: Logger = createLogger(config.logLevel, { service: "proxy", proxyId: config.proxyId })): Promise<ProxyHandle> {
  const metrics = new ProxyMetrics();
  // The request path's connection (quota scripts, session checks). Session checks are
  // auto-pipelined: the commands issued in one turn of the event loop leave in one write and
  // their replies come back in one read, so under load many calls share one socket write instead
  // of one each (the profile's largest cost was these per-call writes). The quota scripts are
  // not: the Limiter already gathers a turn's decisions into one EVALSHA, sent at once.
  const redis = createRedis(config.redisUrl, "producer", { enableAutoPipelining: true, autoPipeliningIgnoredCommands: ["evalsha", "eval"] });
  // Decision events get their own connection: a batched XADD flush must never queue in front of
  // the next call's quota reservation on the request path.
  const eventsRedis = createRedis(config.redisUrl, "producer");
  const subscriber = createRedis(config.redisUrl, "subscriber");
  // Approvals: their own connections, so a held call's claim never queues behind the hot path's
  // quota scripts, and a dedicated subscriber for decisions.
  const approvalsRedis = createRedis(config.redisUrl, "producer");
  const approvalsSubscriber = createRedis(config.redisUrl, "subscriber");
  const approvalState = new ApprovalState(approvalsRedis);
  const jobs = createProducer(approvalsRedis, { prefix: config.jobsPrefix ?? DEFAULT_JOBS_PREFIX });
  const waiter = new ApprovalWaiter(approvalsSubscriber, approvalState.channel, logger);
  const approvals = new ApprovalGate(approvalState, jobs, waiter, config.encryptionKey, logger);
  const tasks = new ApprovalTasks(new TaskState(approvalsRedis), jobs, waiter, config.encryptionKey, logger);
  await waitReady(redis, REDIS_READY_WAIT_MS, logger);

  const store = new BundleStore({
    decrypt: (enc) => decryptText(config.encryptionKey, enc),
    encrypt: (text) => encryptText(config.encryptionKey, text),
    allowPrivateUpstreams: config.allowPrivateUpstreams,
  });
  const streams = new OpenStreams();
  store.onChange((orgId, state) => streams.review(orgId, state));
  const emitter = new DecisionEmitter(eventsRedis, config.decisionStreamKey, config.decisionBufferMax, metrics, logger);
  const deps: ProxyDeps = {
    store,
    limiter: new Limiter(redis, config.rateLimitPrefix, metrics, logger),
    upstream: new UpstreamClient(config.allowPrivateUpstreams),
    emitter,
    metrics,
    logger,
    streams,
    hosts: new HostAllowList(config.allowedHosts ?? null, config.host),
    toolDrift: new ToolDrift(
      new DriftReporter(
        httpDriftSender({ controlPlaneUrl: config.controlPlaneUrl, secret: config.proxySecret, proxyId: config.proxyId, store, metrics, logger }),
        config.driftReportIntervalMs ?? PROXY_DEFAULTS.driftReportIntervalMs,
      ),
    ),
    limits: { bodyIdleTimeoutMs: config.bodyIdleTimeoutMs ?? PROXY_DEFAULTS.bodyIdleTimeoutMs },
    sessions: new SessionBindings(redis, config.rateLimitPrefix, config.sessionTtlMs ?? PROXY_DEFAULTS.sessionTtlMs, metrics, logger),
    approvals,
    tasks,
  };
  tasks.listen(deps);
  const reportStatus = () => void writeStatus(redis, config, store).catch(() => metrics.redisErrors.inc({ op: "status" }));
  const bundles = new BundleClient({
    controlPlaneUrl: config.controlPlaneUrl,
    secret: config.proxySecret,
    pollIntervalMs: config.pollIntervalMs,
    store,
    disk: new BundleDisk(config.stateDir),
    subscriber,
    metrics,
    logger,
    onInstalled: reportStatus,
  });
  const startedAt = Date.now();
  metrics.addGauge("gatehouse_proxy_bundle_age_seconds", "Seconds since the held bundle was built, per org.", () =>
    store.allOrgs().map((o) => [{ org: o.orgId }, (Date.now() - o.builtAtMs) / 1000]),
  );
  metrics.addGauge("gatehouse_proxy_bundle_revision", "Bundle revision held, per org.", () => store.allOrgs().map((o) => [{ org: o.orgId }, o.bundle.revision]));
  metrics.addGauge("gatehouse_proxy_decision_events_buffered", "Decision events waiting to be written to Redis.", () => [[{}, emitter.pending]]);

  await bundles.start();
  const statusTimer = setInterval(reportStatus, config.pollIntervalMs);
  statusTimer.unref();
  reportStatus();

  const opsDeps = { store, bundles, metrics, proxyId: config.proxyId, startedAt };
  const server = createProxyServer(deps, opsDeps, {
    headersTimeoutMs: config.headersTimeoutMs ?? PROXY_DEFAULTS.headersTimeoutMs,
    requestTimeoutMs: config.requestTimeoutMs ?? PROXY_DEFAULTS.requestTimeoutMs,
  });
  const opsServer = createOpsServer(opsDeps, new HostAllowList(null, config.opsHost ?? PROXY_DEFAULTS.opsHost));
  const inFlight = trackCalls(server);
  // Behind a load balancer that keeps connections open (nginx: 60 s), the proxy must not be the
  // side that closes an idle one first, or a request sent on it at that moment fails (502).
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  await listen(server, config.port, config.host);
  await listen(opsServer, config.opsPort ?? PROXY_DEFAULTS.opsPort, config.opsHost ?? PROXY_DEFAULTS.opsHost);
  const { port } = server.address() as AddressInfo;
  const url = urlOf(config.host, port);
  const opsUrl = urlOf(config.opsHost ?? PROXY_DEFAULTS.opsHost, (opsServer.address() as AddressInfo).port);
  logger.info("proxy listening", { url, opsUrl, orgs: store.allOrgs().length });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      clearInterval(statusTimer);
      bundles.close();
      const stopped = Promise.all([server, opsServer].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      // Stop accepting and close idle keep-alive connections; let calls in flight finish (their
      // replies and decision events are not lost, up to a grace period); then cut the rest —
      // long-lived GET streams, which clients reopen elsewhere.
      server.closeIdleConnections();
      await inFlight.drained(SHUTDOWN_GRACE_MS);
      server.closeAllConnections();
      opsServer.closeAllConnections();
      await stopped;
      await emitter.close();
      await deps.upstream.close();
      await jobs.close().catch(() => {});
      approvalsRedis.disconnect();
      approvalsSubscriber.disconnect();
      redis.disconnect();
      eventsRedis.disconnect();
      subscriber.disconnect();
    })();
    return closing;
  };
  return { url, opsUrl, config, port, store, bundles, metrics, emitter, drain: inFlight.drain, close };
}

function urlOf(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/** Waits briefly for Redis so the first calls are not refused for a connection still opening. */
function waitReady(redis: Redis, ms: number, logger: Logger): Promise<void> {
  if (redis.status === "ready") return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      logger.warn("Redis not reachable yet: rate-limited tools fail closed until it is", { status: redis.status });
      resolve();
    }, ms);
    redis.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function writeStatus(redis: Redis, config: ProxyConfig, store: BundleStore): Promise<void> {
  const key = proxyStatusKey(config.proxyId);
  const fields: Record<string, string> = { updatedAt: new Date().toISOString() };
  for (const org of store.allOrgs()) fields[`rev:${org.orgId}`] = String(org.bundle.revision);
  try {
    await redis.multi().del(key).hset(key, fields).pexpire(key, config.pollIntervalMs * 3).exec();
  } catch (error) {
    throw new Error(`status not reported: ${errorMessage(error)}`);
  }
}

/** Counts POSTs being answered, so shutdown can wait for them and not for open GET streams; drain() turns keep-alive off. */
function trackCalls(server: Server) {
  let active = 0;
  let draining = false;
  let onIdle: (() => void) | undefined;
  server.prependListener("request", (req: IncomingMessage, res: ServerResponse) => {
    if (draining) res.shouldKeepAlive = false;
    if (req.method !== "POST") return;
    active++;
    res.once("close", () => {
      active--;
      if (active === 0) onIdle?.();
    });
  });
  return {
    drain: () => {
      draining = true;
    },
    drained: (timeoutMs: number) =>
      new Promise<void>((resolve) => {
        if (active === 0) return resolve();
        const timer = setTimeout(resolve, timeoutMs);
        onIdle = () => {
          clearTimeout(timer);
          resolve();
        };
      }),
  };
}
