// /api/v1/audit-events — the audit trail: a filtered, paged list and a streamed export (CSV or
// NDJSON, any size).
import { createRoute, z } from "@hono/zod-openapi";
import { exportAuditEvents, listAuditEvents } from "@gatehouse/services";
import { AuditEventResponse, ExportAuditEventsQuery, ListAuditEventsQuery, pageOf } from "@gatehouse/shared";
import type { ApiApp } from "../app";
import { errors, json } from "../openapi";

const tags = ["Audit trail"];

const list = createRoute({
  method: "get",
  path: "/api/v1/audit-events",
  tags,
  summary: "List audit events, filtered by actor, action, target and time",
  request: { query: ListAuditEventsQuery },
  responses: { 200: json(pageOf(AuditEventResponse), "A page of events, newest first."), ...errors(400, 403) },
});

const exportRoute = createRoute({
  method: "get",
  path: "/api/v1/audit-events/export",
  tags,
  summary: "Export audit events as CSV or NDJSON (streamed), with the list's filters",
  request: { query: ExportAuditEventsQuery },
  responses: {
    200: {
      description: "Every matching event, newest first: CSV with a header row, or one JSON object per line.",
      content: { "text/csv": { schema: z.string() }, "application/x-ndjson": { schema: z.string() } },
    },
    ...errors(400, 403),
  },
});

const CONTENT_TYPES = { csv: "text/csv; charset=utf-8", ndjson: "application/x-ndjson; charset=utf-8" } as const;

export function auditEventRoutes(app: ApiApp): void {
  // GET /api/v1/audit-events — a filtered page
  app.openapi(list, async (c) => c.json(await listAuditEvents(c.get("ctx"), c.req.valid("query")), 200));
  // GET /api/v1/audit-events/export — the whole filtered trail, streamed
  app.openapi(exportRoute, async (c) => {
    const { format, lines } = exportAuditEvents(c.get("ctx"), c.req.valid("query"));
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await lines.return(undefined);
      },
    });
    const stamp = new Date().toISOString().replaceAll(":", "-").slice(0, 19);
    return c.body(body, 200, {
      "content-type": CONTENT_TYPES[format],
      "content-disposition": `attachment; filename="audit-events-${stamp}.${format}"`,
      "cache-control": "no-store",
    });
  });
}
