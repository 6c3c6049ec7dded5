// /api/v1/grants — identity × server → policy (none: every call denied), expiry, enabled.
import { createRoute } from "@hono/zod-openapi";
import { createGrant, deleteGrant, getGrant, listGrants, updateGrant } from "@gatehouse/services";
import { CreateGrantInput, GrantResponse, IdParam, ListGrantsQuery, UpdateGrantBody, pageOf } from "@gatehouse/shared";
import type { ApiApp } from "../app";
import { errors, json, jsonBody, noContent } from "../openapi";

const tags = ["Grants"];

const list = createRoute({
  method: "get",
  path: "/api/v1/grants",
  tags,
  summary: "List grants, optionally of one identity or one server",
  request: { query: ListGrantsQuery },
  responses: { 200: json(pageOf(GrantResponse), "A page of grants, newest first."), ...errors(400, 403) },
});

const create = createRoute({
  method: "post",
  path: "/api/v1/grants",
  tags,
  summary: "Grant an identity access to a server under a policy (admins, policy managers)",
  request: { body: jsonBody(CreateGrantInput.meta({ id: "CreateGrantInput" })) },
  responses: { 201: json(GrantResponse, "The grant."), ...errors(400, 403, 404, 409, 413) },
});

const patch = createRoute({
  method: "patch",
  path: "/api/v1/grants/{id}",
  tags,
  summary: "Change a grant's policy, expiry or enabled flag (admins, policy managers)",
  request: { params: IdParam, body: jsonBody(UpdateGrantBody) },
  responses: { 200: json(GrantResponse, "The updated grant."), ...errors(400, 403, 404, 413) },
});

const remove = createRoute({
  method: "delete",
  path: "/api/v1/grants/{id}",
  tags,
  summary: "Remove a grant (admins, policy managers): the identity's next call to that server is refused",
  request: { params: IdParam },
  responses: { ...noContent, ...errors(403, 404) },
});

export function grantRoutes(app: ApiApp): void {
  // GET /api/v1/grants — a page of grants
  app.openapi(list, async (c) => c.json(await listGrants(c.get("ctx"), c.req.valid("query")), 200));
  // POST /api/v1/grants — create one
  app.openapi(create, async (c) => {
    const ctx = c.get("ctx");
    const grant = await createGrant(ctx, c.req.valid("json"));
    return c.json(await getGrant(ctx, { grantId: grant.id }), 201);
  });
  // PATCH /api/v1/grants/{id} — partial update
  app.openapi(patch, async (c) => {
    const ctx = c.get("ctx");
    const grant = await updateGrant(ctx, { ...c.req.valid("json"), grantId: c.req.valid("param").id });
    return c.json(await getGrant(ctx, { grantId: grant.id }), 200);
  });
  // DELETE /api/v1/grants/{id} — remove
  app.openapi(remove, async (c) => {
    await deleteGrant(c.get("ctx"), { grantId: c.req.valid("param").id });
    return c.body(null, 204);
  });
}
