// GET /api/internal/bundles — every org's current bundle revision, for proxies (proxy credential).
import { internalBundlesApi } from "@/server/internal-deps";

export const dynamic = "force-dynamic";

export const GET = (request: Request): Promise<Response> => internalBundlesApi()(request);
