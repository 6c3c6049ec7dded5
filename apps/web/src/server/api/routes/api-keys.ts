// /api/v1/api-keys — org API keys for automation: list, create (secret shown once), revoke.
import { createRoute } from "@hono/zod-openapi";
import { createApiKey, listApiKeys, revokeApiKey } from "@gatehouse/services";
import { ApiKeyResponse, CreateApiKeyInput, CreatedApiKeyResponse, IdParam, PageQuery, pageOf } from "@gatehouse/shared";
import type { ApiApp } from "../app";
import { errors, json, jsonBody, noContent } from "../openapi";

const tags = ["API keys"];

const list = createRoute({
  method: "get",
  path: "/api/v1/api-keys",
  tags,
  summary: "List API keys (admins)",
  request: { query: PageQuery },
  responses: { 200: json(pageOf(ApiKeyResponse), "A page of API keys, newest first."), ...errors(400, 403) },
});

const create = createRoute({
  method: "post",
  path: "/api/v1/api-keys",
  tags,
  summary: "Create an API key (admins); the secret is in this response only",
  request: { body: jsonBody(CreateApiKeyInput) },
  responses: { 201: json(CreatedApiKeyResponse, "The key, with its secret."), ...errors(400, 403, 413) },
});

const revoke = createRoute({
  method: "delete",
  path: "/api/v1/api-keys/{id}",
  tags,
  summary: "Revoke an API key (admins): the next request with it is refused",
  request: { params: IdParam },
  responses: { ...noContent, ...errors(403, 404) },
});

export function apiKeyRoutes(app: ApiApp): void {
  app.openapi(list, async (c) => c.json(await listApiKeys(c.get("ctx"), c.req.valid("query")), 200));
  app.openapi(create, async (c) => c.json(await createApiKey(c.get("ctx"), c.req.valid("json")), 201));
  app.openapi(revoke, async (c) => {
    await revokeApiKey(c.get("ctx"), { apiKeyId: c.req.valid("param").id });
    return c.body(null, 204);
  });
}
