// The REST API served over real HTTP against the real test database, and the callers every route
// test needs: two orgs, an API key per role in the first, an admin key in the second, a revoked
// key, an identity token, and a signed-in user's session cookie.
import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { type Db, createDb } from "@gatehouse/db";
import {
  addTestMember,
  createTestApiKey,
  createTestIdentity,
  createTestOrg,
  createTestToken,
  createTestUser,
  testDatabaseUrl,
} from "@gatehouse/db/testing";
import type { Role } from "@gatehouse/shared";
import { serve } from "@hono/node-server";
import { encode } from "next-auth/jwt";
import { createApiApp } from "../../../src/server/api/app";
import type { ApiDeps } from "../../../src/server/api/deps";

export const ROLES: Role[] = ["admin", "policy_manager", "approver", "viewer"];

export type ApiHarness = {
  url: string;
  db: Db;
  deps: ApiDeps;
  /** fetch against the API: `path` is relative to /api/v1. */
  call(method: string, path: string, options?: { key?: string; cookie?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<ApiResult>;
  close(): Promise<void>;
};

// biome-ignore lint/suspicious/noExplicitAny: tests assert response bodies field by field.
export type ApiResult = { status: number; headers: Headers; body: any; text: string };

export type Tenants = {
  orgA: { id: string; keys: Record<Role, string>; revokedKey: string; identityToken: string };
  orgB: { id: string; adminKey: string };
};

const AUTH_SECRET = randomBytes(32).toString("base64url");

export async function startApi(overrides: Partial<ApiDeps> = {}): Promise<ApiHarness> {
  const db = createDb(testDatabaseUrl(), { maxConnections: 4 });
  const deps: ApiDeps = {
    db,
    secrets: { encryptionKey: randomBytes(32) },
    authSecret: AUTH_SECRET,
    allowPrivateNetworks: true,
    publicProxyUrl: "http://proxy.test",
    publicWebUrl: "http://localhost:3000",
    ...overrides,
  };
  const app = createApiApp(deps);
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    db,
    deps,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.key) headers.authorization = `Bearer ${options.key}`;
      if (options.cookie) headers.cookie = options.cookie;
      let body: string | undefined;
      if (options.rawBody !== undefined) body = options.rawBody;
      else if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined) headers["content-type"] ??= "application/json";
      const response = await send(`${url}/api/v1${path}`, method, headers, body);
      const text = response.text;
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = null;
      }
      return { status: response.status, headers: response.headers, body: parsed, text };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.$disconnect();
    },
  };
}

/** Two orgs with every kind of credential the security tests present. */
export async function createTenants(db: Db): Promise<Tenants> {
  const a = await createTestOrg(db);
  const b = await createTestOrg(db);
  const keys = {} as Record<Role, string>;
  for (const role of ROLES) keys[role] = (await createTestApiKey(db, { orgId: a.id, role })).plaintext;
  const revokedKey = (await createTestApiKey(db, { orgId: a.id, role: "admin", revokedAt: new Date() })).plaintext;
  const identity = await createTestIdentity(db, { orgId: a.id });
  const identityToken = (await createTestToken(db, { orgId: a.id, identityId: identity.id })).plaintext;
  const adminKey = (await createTestApiKey(db, { orgId: b.id, role: "admin" })).plaintext;
  return { orgA: { id: a.id, keys, revokedKey, identityToken }, orgB: { id: b.id, adminKey } };
}

/** A user who is a member of `orgId` with `role`, and the session cookie the dashboard would hold. */
export async function signedInMember(db: Db, orgId: string, role: Role = "admin"): Promise<{ userId: string; email: string; cookie: string }> {
  const user = await createTestUser(db);
  await addTestMember(db, { orgId, userId: user.id, role });
  return { userId: user.id, email: user.email, cookie: await sessionCookie(user.id, user.email) };
}

export async function sessionCookie(userId: string, email: string): Promise<string> {
  const name = "authjs.session-token";
  const token = await encode({ token: { sub: userId, email }, secret: AUTH_SECRET, salt: name, maxAge: 3600 });
  return `${name}=${token}`;
}

/**
 * One request on its own connection (no keep-alive pool): a server that refuses a body early (413)
 * closes its socket, and a pooled client would otherwise send the next test's request into it.
 */
function send(url: string, method: string, headers: Record<string, string>, body: string | undefined): Promise<{ status: number; headers: Headers; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const out = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === "string") out.set(name, value);
        resolve({ status: res.statusCode ?? 0, headers: out, text: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", reject);
    });
    // The server may answer (413) and close before it has read the whole body.
    req.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error)));
    req.end(body);
  });
}
