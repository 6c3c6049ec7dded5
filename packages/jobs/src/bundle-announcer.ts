// Publishes BundleAnnouncements for the control plane (the `bundles` field of a ServiceContext).
// Give it a producer connection: a dead Redis must fail the publish fast, not hang a request.
// Failures are reported, never thrown: the bundle is already stored, and proxies poll for it.
import { BundleAnnouncement } from "@gatehouse/shared";
import type { Redis } from "ioredis";
import { REDIS_CHANNELS } from "./keys.ts";

export function createBundleAnnouncer(redis: Redis, onError: (error: unknown) => void = () => {}) {
  return {
    async announce(announcement: BundleAnnouncement): Promise<void> {
      try {
        await redis.publish(REDIS_CHANNELS.bundles, JSON.stringify(BundleAnnouncement.parse(announcement)));
      } catch (error) {
        onError(error);
      }
    },
  };
}

/** Parses a message received on REDIS_CHANNELS.bundles; null when it is not an announcement. */
export function parseBundleAnnouncement(message: string): BundleAnnouncement | null {
  try {
    const parsed = BundleAnnouncement.safeParse(JSON.parse(message));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
