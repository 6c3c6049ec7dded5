// The REST API (/api/v1): one typed router whose OpenAPI document is generated from the same zod
// schemas the routes validate with (packages/shared). Mounted in Next.js by one catch-all route
// handler (app/api/v1/[[...route]]/route.ts); framework-free, so tests serve it over real HTTP.
import { OpenAPIHono } from "@hono/zod-openapi";
import { AppError, errorResponse, newId, requestIdFrom, zodIssuesToDetails } from "@gatehouse/shared";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { type ApiContext, type Caller, authenticate } from "./context";
import type { ApiDeps } from "./deps";
import { apiKeyRoutes } from "./routes/api-keys";
import { approvalRoutes } from "./routes/approvals";
import { webhookRoutes } from "./routes/webhooks";
import { auditEventRoutes } from "./routes/audit-events";
import { decisionLogRoutes } from "./routes/decision-logs";
import { grantRoutes } from "./routes/grants";
import { identityRoutes } from "./routes/identities";
import { invitationRoutes } from "./routes/invitations";
import { memberRoutes } from "./routes/members";
import { tokenRoutes } from "./routes/tokens";
import { meRoutes } from "./routes/me";
import { orgRoutes } from "./routes/org";
import { policyRoutes } from "./routes/policies";
import { serverRoutes } from "./routes/servers";

export type ApiEnv = { Variables: { requestId: string; ctx: ApiContext; caller: Caller } };
export type ApiApp = OpenAPIHono<ApiEnv>;

export const API_BASE = "/api/v1";
/** JSON bodies above this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Every route family registers itself here; a new family is one line. */
const ROUTE_FAMILIES: ((app: ApiApp, deps: ApiDeps) => void)[] = [meRoutes, orgRoutes, apiKeyRoutes, decisionLogRoutes, identityRoutes, tokenRoutes, grantRoutes, policyRoutes, serverRoutes, memberRoutes, invitationRoutes, auditEventRoutes, approvalRoutes, webhookRoutes];

/** Routes that answer without credentials. */
const PUBLIC_PATHS = new Set([`${API_BASE}/openapi.json`]);

export function createApiApp(deps: ApiDeps): ApiApp {
  const app: ApiApp = new OpenAPIHono<ApiEnv>({
    // A request that does not match its route's schemas: 400 with every problem and its path.
    defaultHook: (result) => {
      if (!result.success) {
        throw new AppError("validation_failed", "The request is not valid.", zodIssuesToDetails(result.error.issues));
      }
    },
  });

  app.use("*", async (c, next) => {
    const requestId = requestIdFrom(c.req.header("x-request-id"));
    c.set("requestId", requestId);
    await next();
    c.header("x-request-id", requestId);
  });

  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new AppError("payload_too_large", `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
      },
    }),
  );

  app.use("*", async (c, next) => {
    if (PUBLIC_PATHS.has(c.req.path)) return next();
    const { ctx, caller } = await authenticate(deps, c.req.raw, c.get("requestId"));
    c.set("ctx", ctx);
    c.set("caller", caller);
    return next();
  });

  for (const register of ROUTE_FAMILIES) register(app, deps);

  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "An org API key (`gthk_…`), created under Settings → API keys. The dashboard's session cookie works too.",
  });
  app.doc31(`${API_BASE}/openapi.json`, {
    openapi: "3.1.0",
    info: {
      title: "Gatehouse API",
      version: "1",
      description:
        "The control plane of Gatehouse: servers, identities, tokens, grants, policies, approvals, decision logs and the audit trail. Lists page with `?limit=&cursor=`; errors are `{ error: { code, message, requestId, details? } }`.",
    },
    security: [{ apiKey: [] }],
  });

  app.notFound((c) => errorResponse(new AppError("not_found", "No such route."), c.get("requestId") ?? newId("request")));
  app.onError((error, c) => {
    const requestId = c.get("requestId") ?? newId("request");
    return errorResponse(fromHttpException(error), requestId);
  });
  return app;
}

/** Hono's own refusals (malformed JSON, a wrong content type) in our envelope. */
function fromHttpException(error: unknown): unknown {
  if (!(error instanceof HTTPException)) return error;
  if (error.status === 413) return new AppError("payload_too_large", "The request body is too large.");
  if (error.status === 400) return new AppError("validation_failed", error.message || "The request body is not valid JSON.", [{ path: "", message: error.message || "Send a JSON body." }]);
  return new AppError("bad_request", error.message || "Bad request.");
}
