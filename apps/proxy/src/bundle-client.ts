// Keeps the BundleStore current. Three triggers, one fetch path:
// - start: bundles from disk first (enforce at once, even with the control plane down), then
//   the index from the control plane;
// - a Redis announcement: refetch that org now (the < 1 s propagation path);
// - a periodic index poll: the backstop for missed announcements (Redis down, reconnects).
// Per-org fetches are conditional (If-None-Match → 304) and coalesced: one in flight per org,
// with one follow-up queued if another nudge arrives meanwhile.
import { serverValidatorWarnings } from "./argument-validators.ts";
import { REDIS_CHANNELS } from "@gatehouse/jobs";
import { BundleAnnouncement, BundleIndex, EnforcementBundle } from "@gatehouse/shared";
import type { Redis } from "ioredis";
import type { BundleDisk } from "./bundle-disk.ts";
import type { BundleStore } from "./bundle-store.ts";
import { errorMessage, type Logger } from "@gatehouse/shared/node";
import type { ProxyMetrics } from "./metrics.ts";

export type BundleClientOptions = {
  controlPlaneUrl: string;
  secret: string;
  pollIntervalMs: number;
  store: BundleStore;
  disk: BundleDisk;
  subscriber: Redis;
  metrics: ProxyMetrics;
  logger: Logger;
  onInstalled?: () => void;
};

const FETCH_TIMEOUT_MS = 5000;
const EMPTY_RETRY_MS = 1000;

export class BundleClient {
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Time of the last successful contact with the control plane (for /status). */
  lastSyncAt: number | null = null;

  constructor(private readonly o: BundleClientOptions) {}

  async start(): Promise<void> {
    const { store, disk, logger, metrics } = this.o;
    for (const stored of await disk.loadAll((file, error) => logger.warn("stored bundle unreadable", { file, error: errorMessage(error) }))) {
      try {
        store.install(stored.bundle, stored.etag);
        logger.info("bundle loaded from disk", { orgId: stored.bundle.orgId, revision: stored.bundle.revision });
      } catch (error) {
        metrics.bundleErrors.inc({ stage: "install_disk" });
        logger.error("stored bundle rejected", { orgId: stored.bundle.orgId, error: errorMessage(error) });
      }
    }
    this.o.subscriber.on("message", (channel: string, text: string) => {
      if (channel === REDIS_CHANNELS.bundles) this.onAnnouncement(text);
    });
    // After a reconnect the subscription is restored by ioredis, but announcements sent while
    // disconnected are gone: resync from the index.
    this.o.subscriber.on("ready", () => {
      if (this.lastSyncAt !== null) void this.syncIndex();
    });
    this.o.subscriber.subscribe(REDIS_CHANNELS.bundles).catch((error: unknown) => {
      metrics.redisErrors.inc({ op: "subscribe" });
      logger.warn("bundle announcements unavailable; polling only", { error: errorMessage(error) });
    });
    await this.syncIndex();
    this.timer = setInterval(() => void this.syncIndex(), this.o.pollIntervalMs);
    this.timer.unref();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
  }

  /** Fetches the index and every org whose content differs from what is held. Never throws. */
  async syncIndex(): Promise<void> {
    if (this.closed) return;
    const { store, logger, metrics } = this.o;
    try {
      const response = await this.get("/api/internal/bundles");
      if (response.status !== 200) throw new Error(`index answered HTTP ${response.status}`);
      const index = BundleIndex.parse(await response.json());
      const listed = new Set(index.bundles.map((b) => b.orgId));
      await Promise.all(
        index.bundles.filter((b) => store.org(b.orgId)?.bundle.contentHash !== b.contentHash).map((b) => this.refresh(b.orgId)),
      );
      for (const org of store.allOrgs()) {
        if (listed.has(org.orgId)) continue;
        store.remove(org.orgId);
        await this.o.disk.remove(org.orgId);
        logger.info("bundle removed (org no longer listed)", { orgId: org.orgId });
      }
      this.lastSyncAt = Date.now();
    } catch (error) {
      metrics.bundleErrors.inc({ stage: "index" });
      logger.warn("bundle index unavailable; keeping the bundles held", { error: errorMessage(error), held: store.allOrgs().length });
      // Holding nothing means refusing everything: retry soon rather than at the next poll.
      if (store.empty && !this.closed) setTimeout(() => void this.syncIndex(), EMPTY_RETRY_MS).unref();
    }
  }

  /** Fetches one org's bundle now (coalesced). Resolves when the store is current or the fetch failed. */
  refresh(orgId: string): Promise<void> {
    const running = this.inflight.get(orgId);
    if (running) {
      this.again.add(orgId);
      return running;
    }
    const run = (async () => {
      do {
        this.again.delete(orgId);
        await this.fetchOrg(orgId);
      } while (this.again.has(orgId) && !this.closed);
    })().finally(() => this.inflight.delete(orgId));
    this.inflight.set(orgId, run);
    return run;
  }

  private onAnnouncement(text: string): void {
    let announcement: BundleAnnouncement;
    try {
      announcement = BundleAnnouncement.parse(JSON.parse(text));
    } catch {
      this.o.logger.warn("unreadable bundle announcement ignored");
      return;
    }
    const held = this.o.store.org(announcement.orgId);
    // Proxies serve many orgs; only those already held or newly created are fetched.
    if (held && held.bundle.contentHash === announcement.contentHash) return;
    if (held && held.bundle.revision > announcement.revision) return;
    void this.refresh(announcement.orgId);
  }

  private async fetchOrg(orgId: string): Promise<void> {
    const { store, disk, logger, metrics } = this.o;
    const held = store.org(orgId);
    try {
      const response = await this.get(`/api/internal/bundles/${encodeURIComponent(orgId)}`, held?.etag);
      if (response.status === 304) return;
      if (response.status === 404) {
        store.remove(orgId);
        await disk.remove(orgId);
        return;
      }
      if (response.status !== 200) throw new Error(`bundle answered HTTP ${response.status}`);
      const bundle = EnforcementBundle.parse(await response.json());
      if (bundle.orgId !== orgId) throw new Error("bundle is for another org");
      // A lagging control-plane replica must not roll enforcement back.
      const current = store.org(orgId);
      if (current && current.bundle.revision > bundle.revision) return;
      const etag = response.headers.get("etag") ?? `"${bundle.contentHash}"`;
      const installed = store.install(bundle, etag);
      for (const entry of installed.servers.values()) for (const w of serverValidatorWarnings(entry.validators)) logger.warn("tool input schema not compiled; its calls are not validated", { orgId, serverId: entry.server.id, ...w });
      this.o.onInstalled?.();
      logger.info("bundle installed", { orgId, revision: bundle.revision });
      disk.save({ etag, bundle }).catch((error: unknown) => {
        metrics.bundleErrors.inc({ stage: "persist" });
        logger.error("bundle not persisted", { orgId, error: errorMessage(error) });
      });
    } catch (error) {
      metrics.bundleErrors.inc({ stage: "fetch" });
      logger.warn("bundle fetch failed; keeping the one held", { orgId, held: held?.bundle.revision ?? null, error: errorMessage(error) });
    }
  }

  private get(path: string, etag?: string): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.o.secret}`, accept: "application/json" };
    if (etag) headers["if-none-match"] = etag;
    return fetch(`${this.o.controlPlaneUrl}${path}`, { headers, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  }
}
