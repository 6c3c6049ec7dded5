// Announces rebuilt enforcement bundles on Redis so proxies apply a change on the next call.
// One producer connection per process; when REDIS_URL is unset the announcer is absent and
// proxies pick changes up on their periodic poll instead.
import { createBundleAnnouncer, createRedis } from "@gatehouse/jobs";
import type { BundleAnnouncer } from "@gatehouse/services";
import { env } from "@/env";

let announcer: BundleAnnouncer | null | undefined;

export function bundleAnnouncer(): BundleAnnouncer | undefined {
  if (announcer === undefined) {
    const url = env().REDIS_URL;
    announcer = url
      ? createBundleAnnouncer(createRedis(url, "producer"), (error) =>
          console.error(JSON.stringify({ level: "warn", msg: "bundle announcement failed", error: String(error) })),
        )
      : null;
  }
  return announcer ?? undefined;
}
