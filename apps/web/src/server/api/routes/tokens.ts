// /api/v1/tokens/{id} — rotate (new secret once, the old one works until the grace ends) and revoke.
import { createRoute } from "@hono/zod-openapi";
import { revokeToken, rotateToken } from "@gatehouse/services";
import { IdParam, RotateTokenBody, RotatedTokenResponse } from "@gatehouse/shared";
import type { ApiApp } from "../app";
import { errors, json, jsonBody, noContent } from "../openapi";

const tags = ["Identities"];

const rotate = createRoute({
  method: "post",
  path: "/api/v1/tokens/{id}/rotate",
  tags,
  summary: "Rotate a token (admins): a new secret, and the old one accepted for `graceSeconds` more",
  request: { params: IdParam, body: jsonBody(RotateTokenBody) },
  responses: { 201: json(RotatedTokenResponse, "The new token with its secret, and the rotated one."), ...errors(400, 403, 404, 409, 413) },
});

const revoke = createRoute({
  method: "delete",
  path: "/api/v1/tokens/{id}",
  tags,
  summary: "Revoke a token (admins): the proxy refuses its next call",
  request: { params: IdParam },
  responses: { ...noContent, ...errors(403, 404) },
});

export function tokenRoutes(app: ApiApp): void {
  // POST /api/v1/tokens/{id}/rotate — rotate with a grace
  app.openapi(rotate, async (c) => c.json(await rotateToken(c.get("ctx"), { ...c.req.valid("json"), tokenId: c.req.valid("param").id }), 201));
  // DELETE /api/v1/tokens/{id} — revoke
  app.openapi(revoke, async (c) => {
    await revokeToken(c.get("ctx"), { tokenId: c.req.valid("param").id });
    return c.body(null, 204);
  });
}
