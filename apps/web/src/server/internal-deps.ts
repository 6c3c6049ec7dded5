// Dependencies of the internal API proxies call (/api/internal/*): the database and the proxy
// credential (from env.ts; unset → every request is refused with 401).
import { type RequestHandler, createInternalBundlesApi } from "@gatehouse/services";
import { env } from "@/env";
import { db } from "@/server/db";

let api: RequestHandler | undefined;

export function internalBundlesApi(): RequestHandler {
  api ??= createInternalBundlesApi({ db: db(), proxySecret: env().GATEHOUSE_PROXY_SECRET ?? "" });
  return api;
}
