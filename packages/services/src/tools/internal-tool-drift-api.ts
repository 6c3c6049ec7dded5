// POST /api/internal/tool-drift — a proxy reports tools it relayed whose definition differs from
// its bundle's (ToolDriftReport). Framework-free like the bundles API: apps/web's route file
// delegates here, tests serve it with `serveHandler`.
//
// Why an internal HTTP route and not the decision-event stream: the proxy already talks to the
// control plane over HTTP with the proxy credential (bundle fetches), a report is rare (the proxy
// sends at most one per server and tool per interval) and must act at once — mark the tool,
// audit, rebuild the bundle so every replica agrees — whereas the decision stream is a batched,
// lossy-on-overflow log pipe whose consumer only writes rows. A report lost while the control
// plane is down is sent again: the proxy keeps seeing the drift until the bundle says otherwise.
import type { Db } from "@gatehouse/db";
import { AppError, ToolDriftReport, errorResponse, requestIdFrom } from "@gatehouse/shared";
import { isProxyAuthorized } from "../bundles/proxy-auth.ts";
import type { RequestHandler } from "../bundles/internal-api.ts";
import type { BundleAnnouncer, ServiceContext } from "../context.ts";
import { recordToolDrift } from "./record-tool-drift.ts";

export type InternalToolDriftDeps = {
  db: Db;
  proxySecret: string;
  encryptionKey: Buffer;
  bundles?: BundleAnnouncer;
  jobs?: ServiceContext["jobs"];
};

export const TOOL_DRIFT_PATH = "/api/internal/tool-drift";
/** A report names at most 100 tools; this bounds what one request makes the control plane parse. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

export function createInternalToolDriftApi(deps: InternalToolDriftDeps): RequestHandler {
  return async (request) => {
    const requestId = requestIdFrom(request.headers.get("x-request-id"));
    if (request.method !== "POST") {
      return errorResponse(new AppError("bad_request", "Only POST is supported here."), requestId, { allow: "POST" }, 405);
    }
    try {
      if (!isProxyAuthorized(request.headers.get("authorization"), deps.proxySecret)) {
        throw new AppError("unauthorized", "A valid proxy credential is required.");
      }
      const report = ToolDriftReport.safeParse(await readJson(request));
      if (!report.success) {
        throw new AppError(
          "validation_failed",
          "The drift report is not valid.",
          report.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
        );
      }
      const { orgId, proxyId, ...rest } = report.data;
      const ctx: ServiceContext = {
        db: deps.db,
        orgId,
        role: "admin",
        actor: { type: "system", label: proxyId ? `proxy ${proxyId}` : "proxy" },
        requestId,
        secrets: { encryptionKey: deps.encryptionKey },
        ...(deps.bundles ? { bundles: deps.bundles } : {}),
        ...(deps.jobs ? { jobs: deps.jobs } : {}),
        onBackgroundError: (message, error) => console.error(JSON.stringify({ level: "warn", msg: message, requestId, error: String(error) })),
      };
      const result = await recordToolDrift(ctx, rest);
      return Response.json(result, { headers: { "cache-control": "no-store", "x-request-id": requestId } });
    } catch (error) {
      return errorResponse(error, requestId);
    }
  };
}

async function readJson(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new AppError("validation_failed", `The report is larger than ${MAX_BODY_BYTES} bytes.`);
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new AppError("validation_failed", `The report is larger than ${MAX_BODY_BYTES} bytes.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("validation_failed", "The body is not JSON.");
  }
}
