// /servers and their tools through the common security checks: who may read, who may change,
// and another org's server is a 404.
import { createTestServer } from "@gatehouse/db/testing";
import { type DemoUpstream, startDemoUpstream } from "@gatehouse/demo-upstream";
import { afterAll } from "vitest";
import { ADMINS, EVERYONE, describeRouteSecurity } from "./support/route-security";
import { insertTestTool } from "./support/tool-rows";

let demo: Promise<DemoUpstream> | undefined;
const demoUrl = async () => {
  demo ??= startDemoUpstream();
  return (await demo).url;
};
afterAll(async () => (await demo)?.close());

const server = (db: Parameters<typeof createTestServer>[0], orgId: string, upstreamUrl?: string) =>
  createTestServer(db, { orgId, ...(upstreamUrl ? { upstreamUrl } : {}) });

describeRouteSecurity("servers", {
  "/servers": { method: "GET", allowed: EVERYONE, status: 200, prepare: async () => ({ path: "/servers" }) },
  "/servers (create)": {
    method: "POST",
    allowed: ADMINS,
    status: 201,
    prepare: async () => ({ path: "/servers", body: { name: `srv-${Math.random().toString(36).slice(2)}`, upstreamUrl: "http://127.0.0.1:4100/mcp" } }),
    invalid: { body: { name: "", upstreamUrl: "ftp://x", onToolChange: "sometimes" }, paths: ["name", "upstreamUrl", "onToolChange"] },
  },
  "/servers/{id}": {
    method: "GET",
    allowed: EVERYONE,
    status: 200,
    prepare: async (h, t) => ({ path: `/servers/${(await server(h.db, t.orgA.id)).id}` }),
    foreign: async (h, t) => ({ path: `/servers/${(await server(h.db, t.orgB.id)).id}` }),
  },
  "/servers/{id} (patch)": {
    method: "PATCH",
    allowed: ADMINS,
    status: 200,
    prepare: async (h, t) => ({ path: `/servers/${(await server(h.db, t.orgA.id)).id}`, body: { description: "changed" } }),
    foreign: async (h, t) => ({ path: `/servers/${(await server(h.db, t.orgB.id)).id}`, body: { description: "changed" } }),
    invalid: { body: { maxBodyBytes: 1, onToolChange: "x" }, paths: ["maxBodyBytes", "onToolChange"] },
  },
  "/servers/{id} (argument capture)": {
    method: "PATCH",
    allowed: ADMINS,
    status: 200,
    prepare: async (h, t) => ({ path: `/servers/${(await server(h.db, t.orgA.id)).id}`, body: { captureArguments: true, captureRetentionDays: 14 } }),
    foreign: async (h, t) => ({ path: `/servers/${(await server(h.db, t.orgB.id)).id}`, body: { captureArguments: true } }),
    invalid: { body: { captureArguments: "yes", captureRetentionDays: 0 }, paths: ["captureArguments", "captureRetentionDays"] },
  },
  "/servers/{id} (delete)": {
    method: "DELETE",
    allowed: ADMINS,
    status: 204,
    prepare: async (h, t) => ({ path: `/servers/${(await server(h.db, t.orgA.id)).id}` }),
    foreign: async (h, t) => ({ path: `/servers/${(await server(h.db, t.orgB.id)).id}` }),
  },
  "/servers/{id}/test": {
    method: "POST",
    allowed: ADMINS,
    status: 200,
    prepare: async (h, t) => ({ path: `/servers/${(await server(h.db, t.orgA.id, await demoUrl())).id}/test` }),
    foreign: async (h, t) => ({ path: `/servers/${(await server(h.db, t.orgB.id, await demoUrl())).id}/test` }),
  },
  "/servers/{id}/discover": {
    method: "POST",
    allowed: ADMINS,
    status: 200,
    prepare: async (h, t) => ({ path: `/servers/${(await server(h.db, t.orgA.id, await demoUrl())).id}/discover` }),
    foreign: async (h, t) => ({ path: `/servers/${(await server(h.db, t.orgB.id, await demoUrl())).id}/discover` }),
  },
  "/servers/{id}/tools": {
    method: "GET",
    allowed: EVERYONE,
    status: 200,
    prepare: async (h, t) => ({ path: `/servers/${(await server(h.db, t.orgA.id)).id}/tools` }),
    foreign: async (h, t) => ({ path: `/servers/${(await server(h.db, t.orgB.id)).id}/tools` }),
  },
  "/servers/{id}/tools/{name}/accept": {
    method: "POST",
    allowed: ADMINS,
    status: 200,
    prepare: async (h, t) => {
      const s = await server(h.db, t.orgA.id);
      const tool = await insertTestTool(h.db, { orgId: t.orgA.id, serverId: s.id, status: "changed" });
      return { path: `/servers/${s.id}/tools/${tool.name}/accept` };
    },
    foreign: async (h, t) => {
      const s = await server(h.db, t.orgB.id);
      const tool = await insertTestTool(h.db, { orgId: t.orgB.id, serverId: s.id, status: "changed" });
      return { path: `/servers/${s.id}/tools/${tool.name}/accept` };
    },
  },
  "/servers/{id}/starter-policy": {
    method: "GET",
    allowed: EVERYONE,
    status: 200,
    prepare: async (h, t) => {
      const s = await server(h.db, t.orgA.id);
      await insertTestTool(h.db, { orgId: t.orgA.id, serverId: s.id });
      return { path: `/servers/${s.id}/starter-policy` };
    },
    foreign: async (h, t) => {
      const s = await server(h.db, t.orgB.id);
      await insertTestTool(h.db, { orgId: t.orgB.id, serverId: s.id });
      return { path: `/servers/${s.id}/starter-policy` };
    },
  },
});
