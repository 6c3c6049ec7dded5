// A stand-in for apps/web's internal bundle API, same contract: GET /api/internal/bundles (the
// index) and GET /api/internal/bundles/<orgId> (ETag = "<contentHash>", 304 on If-None-Match),
// both behind `Authorization: Bearer <GATEHOUSE_PROXY_SECRET>`; announcements on the real
// Redis channel. Lets the proxy be tested before and apart from the real control plane.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRedis, REDIS_CHANNELS } from "@gatehouse/jobs";
import type { BundleAnnouncement, BundleIndex, EnforcementBundle } from "@gatehouse/shared";

export type TestControlPlane = {
  url: string;
  secret: string;
  /** Stores a bundle (served from now on) without announcing it. */
  put(bundle: EnforcementBundle): void;
  /** Stores and announces, as a control-plane rebuild does. */
  publish(bundle: EnforcementBundle): Promise<void>;
  drop(orgId: string): void;
  hits: { index: number; bundle: number; notModified: number; unauthorized: number };
  /** Stops answering (connections refused) — a control-plane outage. */
  stop(): Promise<void>;
  close(): Promise<void>;
};

export async function startTestControlPlane(redisUrl: string, secret = `cp-secret-${Math.random().toString(36).slice(2)}`): Promise<TestControlPlane> {
  const bundles = new Map<string, EnforcementBundle>();
  const hits = { index: 0, bundle: 0, notModified: 0, unauthorized: 0 };
  const redis = createRedis(redisUrl, "worker");
  const server: Server = createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${secret}`) {
      hits.unauthorized += 1;
      res.writeHead(401, { "content-type": "application/json" }).end('{"error":{"code":"unauthorized","message":"bad proxy credential"}}');
      return;
    }
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/api/internal/bundles") {
      hits.index += 1;
      const index: BundleIndex = { bundles: [...bundles.values()].map((b) => ({ orgId: b.orgId, revision: b.revision, contentHash: b.contentHash })) };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(index));
      return;
    }
    const match = /^\/api\/internal\/bundles\/([^/]+)$/.exec(path);
    const bundle = match?.[1] ? bundles.get(decodeURIComponent(match[1])) : undefined;
    if (!bundle) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"code":"not_found","message":"no bundle"}}');
      return;
    }
    hits.bundle += 1;
    const etag = `"${bundle.contentHash}"`;
    if (req.headers["if-none-match"] === etag) {
      hits.notModified += 1;
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json", etag }).end(JSON.stringify(bundle));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const done = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await done;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    secret,
    hits,
    put: (bundle) => void bundles.set(bundle.orgId, bundle),
    publish: async (bundle) => {
      bundles.set(bundle.orgId, bundle);
      const announcement: BundleAnnouncement = { orgId: bundle.orgId, revision: bundle.revision, contentHash: bundle.contentHash };
      await redis.publish(REDIS_CHANNELS.bundles, JSON.stringify(announcement));
    },
    drop: (orgId) => void bundles.delete(orgId),
    stop,
    close: async () => {
      await stop();
      redis.disconnect();
    },
  };
}
