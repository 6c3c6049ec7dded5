// The real internal API over HTTP (bundles, and the proxies' tool-drift reports), for tests in
// packages that must not import services' main entry or db (the proxy): give it a database URL,
// get a URL back.
import { randomBytes } from "node:crypto";
import { createDb } from "@gatehouse/db";
import type { BundleAnnouncer } from "../../context.ts";
import { TOOL_DRIFT_PATH, createInternalToolDriftApi } from "../../tools/internal-tool-drift-api.ts";
import { createInternalBundlesApi } from "../internal-api.ts";
import { type ServedHandler, serveHandler } from "./serve-handler.ts";

export async function serveInternalBundlesApi(options: {
  databaseUrl: string;
  proxySecret: string;
  port?: number;
  /** Nudges proxies after a drift report rebuilt a bundle; without it they poll. */
  bundles?: BundleAnnouncer;
  encryptionKey?: Buffer;
}): Promise<ServedHandler> {
  const db = createDb(options.databaseUrl, { maxConnections: 4 });
  const bundles = createInternalBundlesApi({ db, proxySecret: options.proxySecret });
  const drift = createInternalToolDriftApi({
    db,
    proxySecret: options.proxySecret,
    encryptionKey: options.encryptionKey ?? randomBytes(32),
    ...(options.bundles ? { bundles: options.bundles } : {}),
  });
  const served = await serveHandler((request) => (new URL(request.url).pathname === TOOL_DRIFT_PATH ? drift(request) : bundles(request)), options.port ?? 0);
  return {
    ...served,
    async close() {
      await served.close();
      await db.$disconnect();
    },
  };
}
