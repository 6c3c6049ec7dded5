// /api/v1/decision-logs — the proxy's decision log: filtered list, stats for charts, streamed
// export, live tail (Server-Sent Events) and the org's retention setting.
import { createRoute } from "@hono/zod-openapi";
import {
  csvHeaderLine,
  exportDecisionLogs,
  getDecisionLogSettings,
  getDecisionLogStats,
  listDecisionLogs,
  toCsvLine,
  toNdjsonLine,
  updateDecisionLogSettings,
  watchDecisionLogs,
} from "@gatehouse/services";
import {
  AppError,
  DecisionLogFilter,
  DecisionLogResponse,
  DecisionLogSettingsResponse,
  DecisionLogStatsQuery,
  DecisionLogStatsResponse,
  ExportDecisionLogsQuery,
  ListDecisionLogsQuery,
  UpdateDecisionLogSettingsInput,
  pageOf,
} from "@gatehouse/shared";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import type { ApiApp } from "../app";
import type { ApiDeps } from "../deps";
import { errors, json, jsonBody } from "../openapi";

const tags = ["Decision logs"];
/** SSE comment sent this often so proxies and browsers keep an idle tail open. */
const HEARTBEAT_MS = 15_000;

const list = createRoute({
  method: "get",
  path: "/api/v1/decision-logs",
  tags,
  summary: "List decision logs, newest first, with filters",
  request: { query: ListDecisionLogsQuery },
  responses: { 200: json(pageOf(DecisionLogResponse), "A page of decisions."), ...errors(400) },
});

const stats = createRoute({
  method: "get",
  path: "/api/v1/decision-logs/stats",
  tags,
  summary: "Counts per outcome per hour or day, top refused tools and rules, latency percentiles",
  description: "Without `from`/`to`: the last 24 hours by hour, or the last 30 days by day.",
  request: { query: DecisionLogStatsQuery },
  responses: { 200: json(DecisionLogStatsResponse, "Aggregates over the range."), ...errors(400) },
});

const exportRoute = createRoute({
  method: "get",
  path: "/api/v1/decision-logs/export",
  tags,
  summary: "Export every matching decision as CSV or NDJSON, streamed",
  request: { query: ExportDecisionLogsQuery },
  responses: {
    200: {
      description: "The rows, newest first, streamed (any size).",
      content: { "text/csv": { schema: z.string() }, "application/x-ndjson": { schema: z.string() } },
    },
    ...errors(400),
  },
});

const events = createRoute({
  method: "get",
  path: "/api/v1/decision-logs/events",
  tags,
  summary: "Live tail: new decisions as Server-Sent Events (`decision` events, data = a DecisionLog)",
  request: { query: DecisionLogFilter.omit({ from: true, to: true }) },
  responses: { 200: { description: "An event stream.", content: { "text/event-stream": { schema: z.string() } } }, ...errors(400) },
});

const getSettings = createRoute({
  method: "get",
  path: "/api/v1/decision-logs/settings",
  tags,
  summary: "The org's decision-log retention",
  responses: { 200: json(DecisionLogSettingsResponse, "The settings."), ...errors() },
});

const patchSettings = createRoute({
  method: "patch",
  path: "/api/v1/decision-logs/settings",
  tags,
  summary: "Change the decision-log retention (admins)",
  request: { body: jsonBody(UpdateDecisionLogSettingsInput) },
  responses: { 200: json(DecisionLogSettingsResponse, "The updated settings."), ...errors(400, 403, 413) },
});

export function decisionLogRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(list, async (c) => c.json(await listDecisionLogs(c.get("ctx"), c.req.valid("query")), 200));
  app.openapi(stats, async (c) => c.json(await getDecisionLogStats(c.get("ctx"), c.req.valid("query")), 200));

  app.openapi(exportRoute, (c) => {
    const { format, ...filter } = c.req.valid("query");
    // Validates and authorizes before the first byte, so errors still get their status.
    const batches = exportDecisionLogs(c.get("ctx"), filter)[Symbol.asyncIterator]();
    const encode = format === "ndjson" ? toNdjsonLine : toCsvLine;
    const encoder = new TextEncoder();
    let headerSent = format === "ndjson";
    // Pull-based: the next batch is read from Postgres only when the client has taken the last,
    // so a slow download holds one batch in memory, not the table.
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(csvHeaderLine()));
          return;
        }
        const next = await batches.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value.map(encode).join("")));
      },
      async cancel() {
        await batches.return?.();
      },
    }, { highWaterMark: 1 });
    const stamp = new Date().toISOString().replaceAll(":", "-").slice(0, 19);
    return new Response(body, {
      status: 200,
      headers: {
        "content-type": format === "ndjson" ? "application/x-ndjson; charset=utf-8" : "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="decision-logs-${stamp}.${format === "ndjson" ? "ndjson" : "csv"}"`,
        "cache-control": "no-store",
      },
    });
  });

  app.openapi(events, async (c) => {
    const tail = deps.decisionTail;
    if (!tail) throw new AppError("unavailable", "The live tail needs Redis (REDIS_URL), which this deployment does not configure.");
    // Subscribe (and so authorize and validate) before the response starts: errors keep their status.
    let send: ((rows: DecisionLogResponse[]) => void) | null = null;
    const early: DecisionLogResponse[] = [];
    const unsubscribe = await watchDecisionLogs(c.get("ctx"), c.req.valid("query"), tail, (rows) => {
      if (send) send(rows);
      else early.push(...rows);
    });
    return streamSSE(
      c,
      async (stream) => {
        const closed = new Promise<void>((resolve) => stream.onAbort(resolve));
        send = (rows) => {
          for (const row of rows) void stream.writeSSE({ event: "decision", id: row.id, data: JSON.stringify(row) });
        };
        try {
          await stream.writeSSE({ event: "ready", data: "{}" });
          send(early.splice(0));
          while (!stream.aborted && !stream.closed) {
            await Promise.race([closed, stream.sleep(HEARTBEAT_MS)]);
            if (!stream.aborted && !stream.closed) await stream.write(": keep-alive\n\n");
          }
        } finally {
          unsubscribe();
        }
      },
      async () => unsubscribe(),
    ) as never;
  });

  app.openapi(getSettings, async (c) => c.json(await getDecisionLogSettings(c.get("ctx")), 200));
  app.openapi(patchSettings, async (c) => c.json(await updateDecisionLogSettings(c.get("ctx"), c.req.valid("json")), 200));
}
