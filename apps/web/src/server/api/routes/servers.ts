// /api/v1/servers — upstream MCP servers and their tools: register, read, change, delete, test
// the connection, discover tools, accept a changed tool, propose a starter policy (API.md).
import { createRoute } from "@hono/zod-openapi";
import {
  acceptToolChange,
  createServer,
  deleteServer,
  discoverTools,
  getServer,
  getStarterPolicy,
  listServerPage,
  listTools,
  presentServer,
  testServerConnection,
  updateServer,
} from "@gatehouse/services";
import {
  CreateServerInput,
  DiscoveryResponse,
  IdParam,
  PageQuery,
  ServerResponse,
  StarterPolicyResponse,
  TestConnectionResponse,
  ToolListResponse,
  ToolNameParam,
  ToolResponse,
  UpdateServerInput,
  pageOf,
} from "@gatehouse/shared";
import type { ApiApp } from "../app";
import type { ApiDeps } from "../deps";
import { errors, json, jsonBody, noContent } from "../openapi";

const tags = ["Servers"];
const UpdateServerBody = UpdateServerInput.omit({ serverId: true });

const list = createRoute({
  method: "get",
  path: "/api/v1/servers",
  tags,
  summary: "List servers",
  request: { query: PageQuery },
  responses: { 200: json(pageOf(ServerResponse), "A page of servers, newest first."), ...errors(400) },
});

const create = createRoute({
  method: "post",
  path: "/api/v1/servers",
  tags,
  summary: "Register a server (admins); its URL is checked against private networks",
  request: { body: jsonBody(CreateServerInput) },
  responses: { 201: json(ServerResponse, "The server, with its proxy URL."), ...errors(400, 403, 409, 413) },
});

const get = createRoute({
  method: "get",
  path: "/api/v1/servers/{id}",
  tags,
  summary: "One server (its credential masked)",
  request: { params: IdParam },
  responses: { 200: json(ServerResponse, "The server."), ...errors(404) },
});

const patch = createRoute({
  method: "patch",
  path: "/api/v1/servers/{id}",
  tags,
  summary: "Change a server (admins); `upstreamAuth: null` removes the credential",
  description:
    "`captureArguments: true` turns on argument capture: the proxy records each tools/call's arguments encrypted, for replay; they are deleted after `captureRetentionDays` (default 7) and never returned by the API.",
  request: { params: IdParam, body: jsonBody(UpdateServerBody) },
  responses: { 200: json(ServerResponse, "The updated server."), ...errors(400, 403, 404, 409, 413) },
});

const remove = createRoute({
  method: "delete",
  path: "/api/v1/servers/{id}",
  tags,
  summary: "Delete a server with its tools, policies and grants (admins)",
  request: { params: IdParam },
  responses: { ...noContent, ...errors(403, 404) },
});

const test = createRoute({
  method: "post",
  path: "/api/v1/servers/{id}/test",
  tags,
  summary: "Connect and `initialize` through the SSRF guard (admins)",
  request: { params: IdParam },
  responses: { 200: json(TestConnectionResponse, "What answered, or why the connection failed."), ...errors(403, 404) },
});

const discover = createRoute({
  method: "post",
  path: "/api/v1/servers/{id}/discover",
  tags,
  summary: "List the upstream's tools and store them with their risk (admins)",
  request: { params: IdParam },
  responses: { 200: json(DiscoveryResponse, "Tools added, changed and removed since the last scan, and every tool."), ...errors(400, 403, 404) },
});

const tools = createRoute({
  method: "get",
  path: "/api/v1/servers/{id}/tools",
  tags,
  summary: "The server's tools with their risk and pinning status",
  request: { params: IdParam },
  responses: { 200: json(ToolListResponse, "Every tool discovery has seen, riskiest first."), ...errors(404) },
});

const accept = createRoute({
  method: "post",
  path: "/api/v1/servers/{id}/tools/{name}/accept",
  tags,
  summary: "Accept a changed tool's new definition, ending its quarantine (admins)",
  request: { params: ToolNameParam },
  responses: { 200: json(ToolResponse, "The tool, active again."), ...errors(403, 404, 409) },
});

const starter = createRoute({
  method: "get",
  path: "/api/v1/servers/{id}/starter-policy",
  tags,
  summary: "A policy document proposed from the tools' risk, to edit before publishing",
  request: { params: IdParam },
  responses: { 200: json(StarterPolicyResponse, "The proposed document and why each tool got its rule."), ...errors(404, 409) },
});

export function serverRoutes(app: ApiApp, deps: ApiDeps): void {
  const proxyOrigin = deps.publicProxyUrl;
  // GET /servers — a page of servers
  app.openapi(list, async (c) => c.json(await listServerPage(c.get("ctx"), { ...c.req.valid("query"), proxyOrigin }), 200));
  // POST /servers — register
  app.openapi(create, async (c) => {
    const row = await createServer(c.get("ctx"), c.req.valid("json"));
    return c.json(presentServer(row, { toolCount: 0, toolsNeedingReview: 0 }, proxyOrigin), 201);
  });
  // GET /servers/{id}
  app.openapi(get, async (c) => c.json(await getServer(c.get("ctx"), { serverId: c.req.valid("param").id, proxyOrigin }), 200));
  // PATCH /servers/{id}
  app.openapi(patch, async (c) => {
    const serverId = c.req.valid("param").id;
    await updateServer(c.get("ctx"), { ...c.req.valid("json"), serverId });
    return c.json(await getServer(c.get("ctx"), { serverId, proxyOrigin }), 200);
  });
  // DELETE /servers/{id}
  app.openapi(remove, async (c) => {
    await deleteServer(c.get("ctx"), { serverId: c.req.valid("param").id });
    return c.body(null, 204);
  });
  // POST /servers/{id}/test — initialize through the SSRF guard
  app.openapi(test, async (c) => c.json(await testServerConnection(c.get("ctx"), { serverId: c.req.valid("param").id }), 200));
  // POST /servers/{id}/discover — paginated tools/list, stored
  app.openapi(discover, async (c) => c.json(await discoverTools(c.get("ctx"), { serverId: c.req.valid("param").id }), 200));
  // GET /servers/{id}/tools
  app.openapi(tools, async (c) => c.json({ data: await listTools(c.get("ctx"), { serverId: c.req.valid("param").id }) }, 200));
  // POST /servers/{id}/tools/{name}/accept
  app.openapi(accept, async (c) => {
    const { id, name } = c.req.valid("param");
    return c.json(await acceptToolChange(c.get("ctx"), { serverId: id, toolName: name }), 200);
  });
  // GET /servers/{id}/starter-policy
  app.openapi(starter, async (c) => c.json(await getStarterPolicy(c.get("ctx"), { serverId: c.req.valid("param").id }), 200));
}

