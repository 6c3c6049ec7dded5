// GET /api/v1/me — who the caller is: the signed-in user or the API key, its org and role.
import { createRoute } from "@hono/zod-openapi";
import { getOrg } from "@gatehouse/services";
import { MeResponse } from "@gatehouse/shared";
import type { ApiApp } from "../app";
import { errors, json } from "../openapi";

const getMe = createRoute({
  method: "get",
  path: "/api/v1/me",
  tags: ["Organization"],
  summary: "The caller, its organization and role",
  responses: { 200: json(MeResponse, "The caller."), ...errors() },
});

export function meRoutes(app: ApiApp): void {
  app.openapi(getMe, async (c) => {
    const ctx = c.get("ctx");
    const caller = c.get("caller");
    const org = await getOrg(ctx);
    return c.json(
      {
        kind: caller.kind,
        user: caller.kind === "user" ? { id: caller.userId, email: caller.email, name: caller.name } : null,
        apiKey: caller.kind === "api_key" ? { id: caller.apiKeyId, name: caller.name, prefix: caller.prefix } : null,
        org: { id: org.id, name: org.name, slug: org.slug },
        role: ctx.role,
      },
      200,
    );
  });
}
