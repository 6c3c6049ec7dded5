// Service verbs scope every lookup to ctx.orgId: another org's id is "not found", never data;
// roles gate writes; upstream secrets are stored encrypted; every change is audited.
import { createDb } from "@gatehouse/db";
import { createTestIdentity, createTestOrg, createTestServer, testDatabaseUrl } from "@gatehouse/db/testing";
import type { Role } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGrant, createIdentity, createPolicy, createServer, decryptText, mintToken, sha256Hex } from "../src/index.ts";
import { encryptionKey, ctxFor as contextFor } from "./helpers.ts";

const db = createDb(testDatabaseUrl(), { maxConnections: 4 });
afterAll(() => db.$disconnect());

const ctxFor = (orgId: string, role: Role = "admin") => contextFor(db, orgId, { role });

let orgA: string;
let orgB: string;
let serverB: string;
let identityB: string;

beforeAll(async () => {
  orgA = (await createTestOrg(db)).id;
  orgB = (await createTestOrg(db)).id;
  serverB = (await createTestServer(db, { orgId: orgB })).id;
  identityB = (await createTestIdentity(db, { orgId: orgB })).id;
});

describe("tenant isolation of verbs", () => {
  it("refuses another org's identity and server as not found", async () => {
    const identityA = await createIdentity(ctxFor(orgA), { name: "agent-a" });
    await expect(createGrant(ctxFor(orgA), { identityId: identityA.id, serverId: serverB })).rejects.toMatchObject({ code: "not_found" });
    await expect(createGrant(ctxFor(orgA), { identityId: identityB, serverId: serverB })).rejects.toMatchObject({ code: "not_found" });
    await expect(mintToken(ctxFor(orgA), { identityId: identityB })).rejects.toMatchObject({ code: "not_found" });
    await expect(createPolicy(ctxFor(orgA), { serverId: serverB, name: "p", document: { version: "1", default: "deny" } })).rejects.toMatchObject({ code: "not_found" });
    expect(await db.grant.count({ where: { orgId: orgA } })).toBe(0);
    expect(await db.token.count({ where: { identityId: identityB } })).toBe(0);
  });
});

describe("roles", () => {
  it("lets only roles with the permission write", async () => {
    await expect(createIdentity(ctxFor(orgA, "viewer"), { name: "nope" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(createServer(ctxFor(orgA, "approver"), { name: "nope", upstreamUrl: "http://127.0.0.1:1/mcp" })).rejects.toMatchObject({ code: "forbidden" });
    expect(await db.identity.count({ where: { orgId: orgA, name: "nope" } })).toBe(0);
  });
});

describe("createServer", () => {
  it("encrypts upstream credentials, audits, and refuses duplicates with a conflict", async () => {
    const server = await createServer(ctxFor(orgA), {
      name: "flux",
      upstreamUrl: "http://127.0.0.1:4100/mcp",
      upstreamAuth: { headers: { Authorization: "Bearer upstream-secret-42" } },
    });
    expect(server.upstreamAuthEnc).not.toContain("upstream-secret-42");
    expect(JSON.parse(decryptText(encryptionKey, server.upstreamAuthEnc ?? ""))).toEqual({ headers: { Authorization: "Bearer upstream-secret-42" } });
    expect(server.upstreamAuthHint).toBe("Authorization: …t-42");
    const audit = await db.auditEvent.findFirst({ where: { orgId: orgA, action: "server.create", targetId: server.id } });
    expect(audit?.data).not.toHaveProperty("upstreamAuth");
    await expect(createServer(ctxFor(orgA), { name: "flux", upstreamUrl: "http://127.0.0.1:4100/mcp" })).rejects.toMatchObject({ code: "conflict" });
  });

  it("refuses private upstreams unless the deployment allows them", async () => {
    await expect(
      createServer({ ...ctxFor(orgA), allowPrivateNetworks: false }, { name: "internal", upstreamUrl: "http://10.0.0.5/mcp" }),
    ).rejects.toMatchObject({ code: "validation_failed" });
  });
});

describe("mintToken", () => {
  it("returns the plaintext once and stores only its SHA-256", async () => {
    const identity = await createIdentity(ctxFor(orgA), { name: "token-holder" });
    const { token, plaintext } = await mintToken(ctxFor(orgA), { identityId: identity.id });
    expect(plaintext).toMatch(/^gth_/);
    expect(token.hash).toBe(sha256Hex(plaintext));
    expect(token.prefix).toBe(plaintext.slice(0, 12));
    const row = await db.token.findUniqueOrThrow({ where: { id: token.id } });
    expect(JSON.stringify(row)).not.toContain(plaintext);
  });
});

describe("createPolicy", () => {
  it("refuses an invalid document with every issue and writes nothing", async () => {
    const server = await createTestServer(db, { orgId: orgA });
    const attempt = createPolicy(ctxFor(orgA), {
      serverId: server.id,
      name: "bad",
      document: { version: "2", default: "maybe", extra: true },
    });
    await expect(attempt).rejects.toMatchObject({ code: "validation_failed" });
    const error = (await attempt.catch((e: unknown) => e)) as { details: { path: string }[] };
    expect(error.details.length).toBeGreaterThanOrEqual(3);
    expect(await db.policy.count({ where: { serverId: server.id } })).toBe(0);
  });

  it("accepts the flux example unchanged", async () => {
    const server = await createTestServer(db, { orgId: orgA });
    const doc = { version: "1", default: "deny", tools: { flux_edit_image: { limits: [{ counter: "flux_edit_image_rate", window: "minute", max: 30, scope: "grant" }] } } };
    const { version } = await createPolicy(ctxFor(orgA), { serverId: server.id, name: "flux", document: doc, publish: true });
    expect(version.document).toEqual(doc);
    expect(version.status).toBe("published");
  });

  it("stores PolicyLayer's shorthand as written, and refuses a deny that would hide other rules, at its path", async () => {
    const server = await createTestServer(db, { orgId: orgA });
    const text = '{"version":"1","default":"deny","tools":{"flux_edit_image":{"rate_limit":{"max":10,"window":60}},"flux_delete_image":{"action":"deny","reason":"humans only"}}}';
    const { version } = await createPolicy(ctxFor(orgA), { serverId: server.id, name: "policylayer", document: JSON.parse(text) });
    expect(version.document).toEqual(JSON.parse(text));
    const attempt = createPolicy(ctxFor(orgA), {
      serverId: server.id,
      name: "dead-limit",
      document: { version: "1", default: "deny", tools: { flux_edit_image: { action: "deny", rate_limit: { max: 10, window: 60 } } } },
    });
    const error = (await attempt.catch((e: unknown) => e)) as { code: string; details: { path: string }[] };
    expect(error.code).toBe("validation_failed");
    expect(error.details.map((i) => i.path)).toEqual(["tools.flux_edit_image.rate_limit"]);
  });
});
