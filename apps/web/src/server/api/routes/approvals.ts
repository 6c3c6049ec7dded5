// /api/v1/approvals — the approval inbox: list and read requests, approve or deny one (or many),
// and a Server-Sent Events stream of the org's approval events for live inboxes.
import { createRoute } from "@hono/zod-openapi";
import { decideApproval, decideApprovals, getApproval, listApprovals } from "@gatehouse/services";
import {
  ApprovalResponse,
  ApproveApprovalInput,
  BulkDecideApprovalsInput,
  BulkDecideApprovalsResponse,
  DenyApprovalInput,
  IdParam,
  ListApprovalsQuery,
  can,
  forbidden,
  pageOf,
} from "@gatehouse/shared";
import { streamSSE } from "hono/streaming";
import type { ApiApp } from "../app";
import type { ApiDeps } from "../deps";
import { errors, json, jsonBody } from "../openapi";

const tags = ["Approvals"];
/** A comment line this often keeps proxies and browsers from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

const list = createRoute({
  method: "get",
  path: "/api/v1/approvals",
  tags,
  summary: "List approval requests, newest first (arguments only for roles that may decide)",
  request: { query: ListApprovalsQuery },
  responses: { 200: json(pageOf(ApprovalResponse), "A page of approval requests."), ...errors(400, 403) },
});

const events = createRoute({
  method: "get",
  path: "/api/v1/approvals/events",
  tags,
  summary: "Server-Sent Events: approval.requested, approval.decided, approval.expired, approval.consumed",
  responses: {
    200: {
      description: "An event stream; each event's data is `{ type, orgId, approvalId, status, reason, at }`.",
      content: { "text/event-stream": { schema: { type: "string" } } },
    },
    ...errors(403),
  },
});

const get = createRoute({
  method: "get",
  path: "/api/v1/approvals/{id}",
  tags,
  summary: "One approval request, with its arguments for roles that may decide it",
  request: { params: IdParam },
  responses: { 200: json(ApprovalResponse, "The approval request."), ...errors(403, 404) },
});

const approve = createRoute({
  method: "post",
  path: "/api/v1/approvals/{id}/approve",
  tags,
  summary: "Approve a pending request: the identical call then passes once",
  request: { params: IdParam, body: { required: false, content: { "application/json": { schema: ApproveApprovalInput } } } },
  responses: { 200: json(ApprovalResponse, "The decided request."), ...errors(400, 403, 404, 409) },
});

const deny = createRoute({
  method: "post",
  path: "/api/v1/approvals/{id}/deny",
  tags,
  summary: "Deny a pending request with a reason the agent sees",
  request: { params: IdParam, body: jsonBody(DenyApprovalInput) },
  responses: { 200: json(ApprovalResponse, "The decided request."), ...errors(400, 403, 404, 409) },
});

const bulk = createRoute({
  method: "post",
  path: "/api/v1/approvals/decide",
  tags,
  summary: "Approve or deny many requests; each is decided on its own",
  request: { body: jsonBody(BulkDecideApprovalsInput) },
  responses: { 200: json(BulkDecideApprovalsResponse, "What happened to each request."), ...errors(400, 403) },
});

export function approvalRoutes(app: ApiApp, deps: ApiDeps): void {
  // GET /api/v1/approvals — list with filters
  app.openapi(list, async (c) => c.json(await listApprovals(c.get("ctx"), c.req.valid("query")), 200));

  // GET /api/v1/approvals/events — the live inbox stream (registered before /{id})
  app.openapi(events, async (c) => {
    const ctx = c.get("ctx");
    if (!can(ctx.role, "read")) throw forbidden();
    const hub = deps.approvalEvents;
    return streamSSE(c, async (stream) => {
      let closed = false;
      const done = new Promise<void>((resolve) => stream.onAbort(() => resolve()));
      await stream.writeSSE({ event: "ready", data: JSON.stringify({ orgId: ctx.orgId }) });
      const unsubscribe = hub?.subscribe(ctx.orgId, (event) => {
        if (!closed) void stream.writeSSE({ event: event.type, id: `${event.approvalId}:${event.status}`, data: JSON.stringify(event) }).catch(() => {});
      });
      const heartbeat = setInterval(() => {
        if (!closed) void stream.write(": keep-alive\n\n").catch(() => {});
      }, HEARTBEAT_MS);
      await done;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe?.();
    }) as never;
  });

  // GET /api/v1/approvals/{id} — one request
  app.openapi(get, async (c) => c.json(await getApproval(c.get("ctx"), { approvalId: c.req.valid("param").id }), 200));

  // POST /api/v1/approvals/{id}/approve — approve with an optional reason
  app.openapi(approve, async (c) => {
    const text = await c.req.text();
    const body = ApproveApprovalInput.parse(text.trim() === "" ? {} : JSON.parse(text));
    return c.json(await decideApproval(c.get("ctx"), { approvalId: c.req.valid("param").id, decision: "approve", reason: body.reason }), 200);
  });

  // POST /api/v1/approvals/{id}/deny — deny with a reason
  app.openapi(deny, async (c) =>
    c.json(await decideApproval(c.get("ctx"), { approvalId: c.req.valid("param").id, decision: "deny", reason: c.req.valid("json").reason }), 200),
  );

  // POST /api/v1/approvals/decide — bulk
  app.openapi(bulk, async (c) => c.json(await decideApprovals(c.get("ctx"), c.req.valid("json")), 200));
}
