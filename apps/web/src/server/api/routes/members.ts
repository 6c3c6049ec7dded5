// /api/v1/members — the org's members: list (everyone), change a role and remove (admins). The last
// admin can be neither demoted nor removed (409).
import { createRoute } from "@hono/zod-openapi";
import { listMembers, removeMember, updateMemberRole } from "@gatehouse/services";
import { MemberResponse, PageQuery, UpdateMemberInput, UserIdParam, pageOf } from "@gatehouse/shared";
import type { ApiApp } from "../app";
import { errors, json, jsonBody, noContent } from "../openapi";

const tags = ["Members"];

const list = createRoute({
  method: "get",
  path: "/api/v1/members",
  tags,
  summary: "List members",
  request: { query: PageQuery },
  responses: { 200: json(pageOf(MemberResponse), "A page of members, newest first."), ...errors(400) },
});

const update = createRoute({
  method: "patch",
  path: "/api/v1/members/{userId}",
  tags,
  summary: "Change a member's role (admins); the last admin cannot be demoted",
  request: { params: UserIdParam, body: jsonBody(UpdateMemberInput) },
  responses: { 200: json(MemberResponse, "The member with the new role."), ...errors(400, 403, 404, 409, 413) },
});

const remove = createRoute({
  method: "delete",
  path: "/api/v1/members/{userId}",
  tags,
  summary: "Remove a member (admins); the last admin cannot be removed",
  request: { params: UserIdParam },
  responses: { ...noContent, ...errors(403, 404, 409) },
});

export function memberRoutes(app: ApiApp): void {
  // GET /api/v1/members — a page of members
  app.openapi(list, async (c) => c.json(await listMembers(c.get("ctx"), c.req.valid("query")), 200));
  // PATCH /api/v1/members/{userId} — change a role
  app.openapi(update, async (c) => c.json(await updateMemberRole(c.get("ctx"), { userId: c.req.valid("param").userId, ...c.req.valid("json") }), 200));
  // DELETE /api/v1/members/{userId} — remove from the org
  app.openapi(remove, async (c) => {
    await removeMember(c.get("ctx"), { userId: c.req.valid("param").userId });
    return c.body(null, 204);
  });
}
