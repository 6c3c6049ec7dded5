// /api/v1/* — the REST API. One Hono app (src/server/api) answers every method and path here.
import { type ApiApp, createApiApp } from "@/server/api/app";
import { liveApiDeps } from "@/server/api/live-deps";

export const dynamic = "force-dynamic";

let app: ApiApp | undefined;

function handle(request: Request): Response | Promise<Response> {
  app ??= createApiApp(liveApiDeps());
  return app.fetch(request);
}

export { handle as DELETE, handle as GET, handle as PATCH, handle as POST, handle as PUT };
