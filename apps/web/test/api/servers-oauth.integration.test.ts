// Servers whose upstream takes OAuth 2.0 client credentials: registered with the secret encrypted
// and never returned, test connection and discovery fetching a token from a real token endpoint
// (node:http) for a demo upstream that requires the bearer, field errors, switching forms.
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type DemoUpstream, startDemoUpstream } from "@gatehouse/demo-upstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, type Tenants, createTenants, startApi } from "./support/api-harness";

const CLIENT_SECRET = "cs-very-secret-7d1e";
const ACCESS_TOKEN = "at-issued-by-test-idp";

let h: ApiHarness;
let t: Tenants;
let demo: DemoUpstream;
let admin: string;
let tokenServer: HttpServer;
let tokenUrl: string;
const tokenRequests: { authorization: string | undefined; body: string }[] = [];

beforeAll(async () => {
  h = await startApi();
  t = await createTenants(h.db);
  admin = t.orgA.keys.admin;
  demo = await startDemoUpstream({ requiredHeader: { name: "authorization", value: `Bearer ${ACCESS_TOKEN}` } });
  tokenServer = createHttpServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    tokenRequests.push({ authorization: req.headers.authorization, body });
    const ok = req.headers.authorization === `Basic ${Buffer.from(`gatehouse-cp:${CLIENT_SECRET}`).toString("base64")}`;
    res.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
    res.end(JSON.stringify(ok ? { access_token: ACCESS_TOKEN, token_type: "Bearer", expires_in: 3600 } : { error: "invalid_client" }));
  });
  await new Promise<void>((resolve) => tokenServer.listen(0, "127.0.0.1", resolve));
  tokenUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`;
});
afterAll(async () => {
  await demo?.close();
  await new Promise((r) => tokenServer?.close(r));
  await h?.close();
});

const unique = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
const oauth = (over: Record<string, unknown> = {}) => ({ type: "oauth2_client_credentials", tokenUrl, clientId: "gatehouse-cp", clientSecret: CLIENT_SECRET, scope: "tools", ...over });

describe("OAuth client credentials upstream auth", () => {
  it("stores the secret encrypted and never returns it; tests the connection and discovers tools with a fetched token", async () => {
    const created = await h.call("POST", "/servers", { key: admin, body: { name: unique("idp"), upstreamUrl: demo.url, upstreamAuth: oauth() } });
    expect(created.status, created.text).toBe(201);
    expect(created.body.upstreamAuth).toEqual({ type: "oauth2_client_credentials", hint: expect.stringContaining("gatehouse-cp") });
    expect(created.text).not.toContain(CLIENT_SECRET);
    const id = created.body.id as string;
    const row = await h.db.server.findUniqueOrThrow({ where: { id } });
    expect(row.upstreamAuthEnc).not.toContain(CLIENT_SECRET);

    const test = await h.call("POST", `/servers/${id}/test`, { key: admin });
    expect(test.body, test.text).toMatchObject({ ok: true });
    const before = tokenRequests.length;
    const discovered = await h.call("POST", `/servers/${id}/discover`, { key: admin });
    expect(discovered.status, discovered.text).toBe(200);
    expect((discovered.body.tools as unknown[]).length).toBeGreaterThan(0);
    expect(tokenRequests.length).toBe(before + 1);
    expect(new URLSearchParams(tokenRequests.at(-1)!.body).get("grant_type")).toBe("client_credentials");
    expect(new URLSearchParams(tokenRequests.at(-1)!.body).get("scope")).toBe("tools");
    for (const r of demo.stats().requests.filter((x) => !x.rejected)) expect(r.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);

    for (const path of [`/servers/${id}`, "/servers", `/servers/${id}/tools`]) {
      const res = await h.call("GET", path, { key: t.orgA.keys.viewer });
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(CLIENT_SECRET);
      expect(res.text).not.toContain(ACCESS_TOKEN);
    }
    const updated = await h.call("PATCH", `/servers/${id}`, { key: admin, body: { description: "changed", upstreamAuth: oauth({ scope: "tools admin" }) } });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.text).not.toContain(CLIENT_SECRET);
  });

  it("reports a refused client credential as an unauthorized test connection, without the secret", async () => {
    const created = await h.call("POST", "/servers", { key: admin, body: { name: unique("idp"), upstreamUrl: demo.url, upstreamAuth: oauth({ clientSecret: "wrong-secret-1234" }) } });
    expect(created.status).toBe(201);
    const test = await h.call("POST", `/servers/${created.body.id}/test`, { key: admin });
    expect(test.body).toMatchObject({ ok: false, error: { kind: "unauthorized" } });
    expect(test.text).toContain("HTTP 401");
    expect(test.text).not.toContain("wrong-secret-1234");
  });

  it("gives field errors for an incomplete OAuth credential", async () => {
    const res = await h.call("POST", "/servers", {
      key: admin,
      body: { name: unique("idp"), upstreamUrl: demo.url, upstreamAuth: { type: "oauth2_client_credentials", tokenUrl: "not a url", clientId: "", clientSecret: "" } },
    });
    expect(res.status).toBe(400);
    const paths = (res.body.error.details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["upstreamAuth.tokenUrl", "upstreamAuth.clientId", "upstreamAuth.clientSecret"]));
  });

  it("switches between static headers and OAuth, and keeps the headers form working unchanged", async () => {
    const created = await h.call("POST", "/servers", { key: admin, body: { name: unique("idp"), upstreamUrl: demo.url, upstreamAuth: { headers: { "x-key": "abcd1234" } } } });
    expect(created.status).toBe(201);
    expect(created.body.upstreamAuth).toEqual({ type: "headers", hint: "x-key: …1234" });
    const toOauth = await h.call("PATCH", `/servers/${created.body.id}`, { key: admin, body: { upstreamAuth: oauth() } });
    expect(toOauth.body.upstreamAuth.type).toBe("oauth2_client_credentials");
    const back = await h.call("PATCH", `/servers/${created.body.id}`, { key: admin, body: { upstreamAuth: { type: "headers", headers: { "x-key": "zzzz9876" } } } });
    expect(back.body.upstreamAuth).toEqual({ type: "headers", hint: "x-key: …9876" });
  });
});
