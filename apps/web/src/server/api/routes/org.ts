// GET/PATCH /api/v1/org — the caller's organization.
import { createRoute } from "@hono/zod-openapi";
import { getOrg, updateOrg } from "@gatehouse/services";
import { OrgResponse, UpdateOrgInput } from "@gatehouse/shared";
import type { ApiApp } from "../app";
import { errors, json, jsonBody } from "../openapi";

const getOrgRoute = createRoute({
  method: "get",
  path: "/api/v1/org",
  tags: ["Organization"],
  summary: "The organization",
  responses: { 200: json(OrgResponse, "The organization."), ...errors() },
});

const patchOrgRoute = createRoute({
  method: "patch",
  path: "/api/v1/org",
  tags: ["Organization"],
  summary: "Rename the organization (admins)",
  request: { body: jsonBody(UpdateOrgInput) },
  responses: { 200: json(OrgResponse, "The updated organization."), ...errors(400, 403, 413) },
});

export function orgRoutes(app: ApiApp): void {
  app.openapi(getOrgRoute, async (c) => c.json(await getOrg(c.get("ctx")), 200));
  app.openapi(patchOrgRoute, async (c) => c.json(await updateOrg(c.get("ctx"), c.req.valid("json")), 200));
}
