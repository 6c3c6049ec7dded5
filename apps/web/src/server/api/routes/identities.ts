// /api/v1/identities — agents, people and services (CI jobs) that call tools through the proxy, and the
// tokens they present. Thin handlers: parse → service verb → response.
import { createRoute } from "@hono/zod-openapi";
import { createIdentity, deleteIdentity, getIdentity, listIdentities, listTokens, mintToken, presentToken, updateIdentity } from "@gatehouse/services";
import {
  CreateIdentityInput,
  IdParam,
  IdentityDetailResponse,
  IdentityResponse,
  ListIdentitiesQuery,
  MintTokenBody,
  MintedTokenResponse,
  PageQuery,
  TokenResponse,
  UpdateIdentityInput,
  pageOf,
} from "@gatehouse/shared";
import type { ApiApp } from "../app";
import { errors, json, jsonBody, noContent } from "../openapi";

const tags = ["Identities"];

const list = createRoute({
  method: "get",
  path: "/api/v1/identities",
  tags,
  summary: "List identities, with live-token and grant counts and last activity",
  request: { query: ListIdentitiesQuery },
  responses: { 200: json(pageOf(IdentityResponse), "A page of identities, newest first."), ...errors(400, 403) },
});

const create = createRoute({
  method: "post",
  path: "/api/v1/identities",
  tags,
  summary: "Create an identity (admins)",
  request: { body: jsonBody(CreateIdentityInput.meta({ id: "CreateIdentityInput" })) },
  responses: { 201: json(IdentityDetailResponse, "The identity."), ...errors(400, 403, 409, 413) },
});

const get = createRoute({
  method: "get",
  path: "/api/v1/identities/{id}",
  tags,
  summary: "One identity, with its grants across servers",
  request: { params: IdParam },
  responses: { 200: json(IdentityDetailResponse, "The identity."), ...errors(403, 404) },
});

const patch = createRoute({
  method: "patch",
  path: "/api/v1/identities/{id}",
  tags,
  summary: "Change an identity (admins); `disabled: true` makes the proxy refuse all its tokens",
  request: { params: IdParam, body: jsonBody(UpdateIdentityInput) },
  responses: { 200: json(IdentityDetailResponse, "The updated identity."), ...errors(400, 403, 404, 409, 413) },
});

const remove = createRoute({
  method: "delete",
  path: "/api/v1/identities/{id}",
  tags,
  summary: "Delete an identity with its tokens and grants (admins)",
  request: { params: IdParam },
  responses: { ...noContent, ...errors(403, 404) },
});

const listTokensRoute = createRoute({
  method: "get",
  path: "/api/v1/identities/{id}/tokens",
  tags,
  summary: "An identity's tokens: prefix, status, created, expires, last used",
  request: { params: IdParam, query: PageQuery },
  responses: { 200: json(pageOf(TokenResponse), "A page of tokens, newest first."), ...errors(400, 403, 404) },
});

const mint = createRoute({
  method: "post",
  path: "/api/v1/identities/{id}/tokens",
  tags,
  summary: "Mint a token (admins); the secret is in this response only",
  request: { params: IdParam, body: jsonBody(MintTokenBody) },
  responses: { 201: json(MintedTokenResponse, "The token, with its secret."), ...errors(400, 403, 404, 413) },
});

export function identityRoutes(app: ApiApp): void {
  // GET /api/v1/identities — a page of identities
  app.openapi(list, async (c) => c.json(await listIdentities(c.get("ctx"), c.req.valid("query")), 200));
  // POST /api/v1/identities — create one
  app.openapi(create, async (c) => {
    const ctx = c.get("ctx");
    const identity = await createIdentity(ctx, c.req.valid("json"));
    return c.json(await getIdentity(ctx, { identityId: identity.id }), 201);
  });
  // GET /api/v1/identities/{id} — one, with its grants
  app.openapi(get, async (c) => c.json(await getIdentity(c.get("ctx"), { identityId: c.req.valid("param").id }), 200));
  // PATCH /api/v1/identities/{id} — partial update
  app.openapi(patch, async (c) => c.json(await updateIdentity(c.get("ctx"), { ...c.req.valid("json"), identityId: c.req.valid("param").id }), 200));
  // DELETE /api/v1/identities/{id} — delete with tokens and grants
  app.openapi(remove, async (c) => {
    await deleteIdentity(c.get("ctx"), { identityId: c.req.valid("param").id });
    return c.body(null, 204);
  });
  // GET /api/v1/identities/{id}/tokens — its tokens
  app.openapi(listTokensRoute, async (c) => c.json(await listTokens(c.get("ctx"), { ...c.req.valid("query"), identityId: c.req.valid("param").id }), 200));
  // POST /api/v1/identities/{id}/tokens — mint, secret once
  app.openapi(mint, async (c) => {
    const { token, plaintext } = await mintToken(c.get("ctx"), { ...c.req.valid("json"), identityId: c.req.valid("param").id });
    return c.json({ ...presentToken(token), token: plaintext }, 201);
  });
}
