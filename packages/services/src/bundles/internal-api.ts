// The internal HTTP API proxies fetch bundles from, as framework-free handlers: a standard
// `Request` in, a `Response` out. apps/web's route files delegate here; tests (and the proxy's
// tests) serve the same handler over node:http with `serveHandler`.
//
//   GET /api/internal/bundles          → BundleIndex
//   GET /api/internal/bundles/<orgId>  → EnforcementBundle, ETag "<contentHash>", 304 on If-None-Match
//
// Every request needs `Authorization: Bearer <GATEHOUSE_PROXY_SECRET>`.
import type { Db } from "@gatehouse/db";
import { AppError, errorResponse, requestIdFrom } from "@gatehouse/shared";
import { isProxyAuthorized } from "./proxy-auth.ts";
import { getBundleHash, getStoredBundle, unsafeListBundleIndex } from "./read-bundles.ts";

export type InternalApiDeps = { db: Db; proxySecret: string };
export type RequestHandler = (request: Request) => Promise<Response>;

const BASE_PATH = "/api/internal/bundles";
const ORG_ID = /^[\w-]{1,100}$/;

/** One handler for both routes, dispatching on the path. */
export function createInternalBundlesApi(deps: InternalApiDeps): RequestHandler {
  return async (request) => {
    const requestId = requestIdFrom(request.headers.get("x-request-id"));
    if (request.method !== "GET") {
      return errorResponse(new AppError("bad_request", "Only GET is supported here."), requestId, { allow: "GET" }, 405);
    }
    try {
      if (!isProxyAuthorized(request.headers.get("authorization"), deps.proxySecret)) {
        throw new AppError("unauthorized", "A valid proxy credential is required.");
      }
      const path = new URL(request.url).pathname.replace(/\/+$/, "");
      if (path === BASE_PATH) return await serveIndex(deps, requestId);
      const orgId = path.startsWith(`${BASE_PATH}/`) ? path.slice(BASE_PATH.length + 1) : null;
      if (orgId !== null && ORG_ID.test(orgId)) return await serveBundle(deps, request, orgId, requestId);
      throw new AppError("not_found", "Not found.");
    } catch (error) {
      return errorResponse(error, requestId);
    }
  };
}

async function serveIndex(deps: InternalApiDeps, requestId: string): Promise<Response> {
  const index = await unsafeListBundleIndex(deps.db);
  return Response.json(index, { headers: { "cache-control": "no-store", "x-request-id": requestId } });
}

async function serveBundle(deps: InternalApiDeps, request: Request, orgId: string, requestId: string): Promise<Response> {
  const wanted = parseIfNoneMatch(request.headers.get("if-none-match"));
  if (wanted.size > 0) {
    const hash = await getBundleHash(deps.db, orgId);
    if (hash && wanted.has(hash)) return new Response(null, { status: 304, headers: bundleHeaders(hash, requestId) });
  }
  const stored = await getStoredBundle(deps.db, orgId);
  if (!stored) throw new AppError("not_found", "No bundle for that organization.");
  return new Response(JSON.stringify(stored.body), {
    status: 200,
    headers: { ...bundleHeaders(stored.contentHash, requestId), "content-type": "application/json" },
  });
}

function bundleHeaders(contentHash: string, requestId: string): Record<string, string> {
  return { etag: `"${contentHash}"`, "cache-control": "no-store", "x-request-id": requestId };
}

/** `"a"`, `W/"a", "b"`: the hashes named. `*` is not honoured: a proxy always names what it has. */
function parseIfNoneMatch(header: string | null): Set<string> {
  if (!header) return new Set();
  const tags = header.split(",").map((tag) => tag.trim().replace(/^W\//, "").replace(/^"(.*)"$/, "$1"));
  return new Set(tags.filter((tag) => tag.length > 0 && tag !== "*"));
}
