// The real internal bundles API over HTTP, for tests in packages that must not import services'
// main entry or db (the proxy): give it a database URL, get a URL back.
import { createDb } from "@gatehouse/db";
import { createInternalBundlesApi } from "../internal-api.ts";
import { type ServedHandler, serveHandler } from "./serve-handler.ts";

export async function serveInternalBundlesApi(options: { databaseUrl: string; proxySecret: string; port?: number }): Promise<ServedHandler> {
  const db = createDb(options.databaseUrl, { maxConnections: 4 });
  const served = await serveHandler(createInternalBundlesApi({ db, proxySecret: options.proxySecret }), options.port ?? 0);
  return {
    ...served,
    async close() {
      await served.close();
      await db.$disconnect();
    },
  };
}
