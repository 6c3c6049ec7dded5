// GET /api/internal/bundles/<orgId> — one org's enforcement bundle; ETag = content hash, 304 on If-None-Match.
import { internalBundlesApi } from "@/server/internal-deps";

export const dynamic = "force-dynamic";

export const GET = (request: Request): Promise<Response> => internalBundlesApi()(request);
