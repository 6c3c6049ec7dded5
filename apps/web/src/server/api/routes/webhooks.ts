// /api/v1/webhooks — signed event deliveries (admins): endpoints (secret shown once), test sends,
// and each endpoint's delivery log.
import { createRoute } from "@hono/zod-openapi";
import { createWebhook, deleteWebhook, getWebhook, listWebhookDeliveries, listWebhooks, sendTestWebhook, updateWebhook } from "@gatehouse/services";
import { CreateWebhookInput, CreatedWebhookResponse, IdParam, PageQuery, UpdateWebhookInput, WebhookDeliveryResponse, WebhookResponse, WebhookTestResponse, pageOf } from "@gatehouse/shared";
import type { ApiApp } from "../app";
import { errors, json, jsonBody, noContent } from "../openapi";

const tags = ["Webhooks"];

const list = createRoute({
  method: "get",
  path: "/api/v1/webhooks",
  tags,
  summary: "List webhook endpoints (admins)",
  request: { query: PageQuery },
  responses: { 200: json(pageOf(WebhookResponse), "A page of endpoints, newest first."), ...errors(400, 403) },
});

const create = createRoute({
  method: "post",
  path: "/api/v1/webhooks",
  tags,
  summary: "Create a webhook endpoint (admins); the signing secret is in this response only",
  request: { body: jsonBody(CreateWebhookInput) },
  responses: { 201: json(CreatedWebhookResponse, "The endpoint, with its signing secret."), ...errors(400, 403, 413) },
});

const get = createRoute({
  method: "get",
  path: "/api/v1/webhooks/{id}",
  tags,
  summary: "One webhook endpoint (admins)",
  request: { params: IdParam },
  responses: { 200: json(WebhookResponse, "The endpoint."), ...errors(403, 404) },
});

const update = createRoute({
  method: "patch",
  path: "/api/v1/webhooks/{id}",
  tags,
  summary: "Change a webhook endpoint's URL, events, description or enabled flag (admins)",
  request: { params: IdParam, body: jsonBody(UpdateWebhookInput) },
  responses: { 200: json(WebhookResponse, "The endpoint."), ...errors(400, 403, 404, 413) },
});

const remove = createRoute({
  method: "delete",
  path: "/api/v1/webhooks/{id}",
  tags,
  summary: "Delete a webhook endpoint and its delivery log (admins)",
  request: { params: IdParam },
  responses: { ...noContent, ...errors(403, 404) },
});

const test = createRoute({
  method: "post",
  path: "/api/v1/webhooks/{id}/test",
  tags,
  summary: "Send a `webhook.test` event to this endpoint (admins); it appears in the delivery log",
  request: { params: IdParam },
  responses: { 202: json(WebhookTestResponse, "The delivery, queued."), ...errors(403, 404) },
});

const deliveries = createRoute({
  method: "get",
  path: "/api/v1/webhooks/{id}/deliveries",
  tags,
  summary: "An endpoint's delivery log (admins): each delivery with every attempt",
  request: { params: IdParam, query: PageQuery },
  responses: { 200: json(pageOf(WebhookDeliveryResponse), "A page of deliveries, newest first."), ...errors(400, 403, 404) },
});

export function webhookRoutes(app: ApiApp): void {
  app.openapi(list, async (c) => c.json(await listWebhooks(c.get("ctx"), c.req.valid("query")), 200));
  app.openapi(create, async (c) => c.json(await createWebhook(c.get("ctx"), c.req.valid("json")), 201));
  app.openapi(get, async (c) => c.json(await getWebhook(c.get("ctx"), { webhookId: c.req.valid("param").id }), 200));
  app.openapi(update, async (c) => c.json(await updateWebhook(c.get("ctx"), { webhookId: c.req.valid("param").id, ...c.req.valid("json") }), 200));
  app.openapi(remove, async (c) => {
    await deleteWebhook(c.get("ctx"), { webhookId: c.req.valid("param").id });
    return c.body(null, 204);
  });
  app.openapi(test, async (c) => c.json(await sendTestWebhook(c.get("ctx"), { webhookId: c.req.valid("param").id }), 202));
  app.openapi(deliveries, async (c) => c.json(await listWebhookDeliveries(c.get("ctx"), { webhookId: c.req.valid("param").id, ...c.req.valid("query") }), 200));
}
