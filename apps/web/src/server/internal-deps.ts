// Dependencies of the internal API proxies call (/api/internal/*): the database and the proxy
// credential (from env.ts; unset → every request is refused with 401).
import { type RequestHandler, createInternalBundlesApi, createInternalToolDriftApi } from "@gatehouse/services";
import { env } from "@/env";
import { bundleAnnouncer } from "@/server/bundles";
import { db } from "@/server/db";
import { liveJobs } from "@/server/jobs";

let api: RequestHandler | undefined;
let driftApi: RequestHandler | undefined;

export function internalBundlesApi(): RequestHandler {
  api ??= createInternalBundlesApi({ db: db(), proxySecret: env().GATEHOUSE_PROXY_SECRET ?? "" });
  return api;
}

/** Tool drift reported by proxies: marks tools changed, audits, rebuilds and announces the bundle. */
export function internalToolDriftApi(): RequestHandler {
  if (!driftApi) {
    const config = env();
    const bundles = bundleAnnouncer();
    const jobs = liveJobs(config.REDIS_URL);
    driftApi = createInternalToolDriftApi({
      db: db(),
      proxySecret: config.GATEHOUSE_PROXY_SECRET ?? "",
      encryptionKey: config.GATEHOUSE_ENCRYPTION_KEY,
      ...(bundles ? { bundles } : {}),
      ...(jobs ? { jobs } : {}),
    });
  }
  return driftApi;
}
