// Bundles: what an org's enforcement bundle contains, when its revision moves (only on a content
// change, by exactly one, even when rebuilds race), and that verbs rebuild it.
import { createDb } from "@gatehouse/db";
import { createTestGrant, createTestIdentity, createTestOrg, createTestPolicy, createTestServer, createTestToken, testDatabaseUrl } from "@gatehouse/db/testing";
import { EnforcementBundle, newId } from "@gatehouse/shared";
import { afterAll, describe, expect, it } from "vitest";
import {
  buildBundle,
  createGrant,
  createIdentity,
  createPolicy,
  createServer,
  hashBundleContent,
  mintToken,
  publishPolicyVersion,
  rebuildBundle,
  revokeToken,
  updateGrant,
} from "../src/index.ts";
import { ALLOW_ALL, FLUX_POLICY, ctxFor } from "./helpers.ts";

const db = createDb(testDatabaseUrl(), { maxConnections: 12 });
afterAll(() => db.$disconnect());

async function storedBundle(orgId: string): Promise<EnforcementBundle> {
  const row = await db.orgBundle.findUniqueOrThrow({ where: { orgId } });
  const bundle = EnforcementBundle.parse(row.body);
  expect(bundle.revision).toBe(row.revision);
  expect(bundle.contentHash).toBe(row.contentHash);
  return bundle;
}

describe("bundle content", () => {
  it("holds live tokens only, published policies only, and encrypted upstream credentials", async () => {
    const org = await createTestOrg(db);
    const ctx = ctxFor(db, org.id);
    const server = await createServer(ctx, { name: "flux", upstreamUrl: "http://127.0.0.1:4100/mcp", upstreamAuth: { headers: { "X-Key": "upstream-secret-77" } } });
    const identity = await createTestIdentity(db, { orgId: org.id, labels: { team: "ml" } });
    const hour = 3_600_000;
    const live = await createTestToken(db, { orgId: org.id, identityId: identity.id, expiresAt: new Date(Date.now() + 2 * hour) });
    const revoked = await createTestToken(db, { orgId: org.id, identityId: identity.id, revokedAt: new Date() });
    const expired = await createTestToken(db, { orgId: org.id, identityId: identity.id, expiresAt: new Date(Date.now() - 1000) });
    const graceOver = await createTestToken(db, { orgId: org.id, identityId: identity.id });
    await db.token.update({ where: { id: graceOver.row.id }, data: { graceUntil: new Date(Date.now() - 1000) } });
    const inGrace = await createTestToken(db, { orgId: org.id, identityId: identity.id, expiresAt: new Date(Date.now() + 5 * hour) });
    const graceEnd = new Date(Date.now() + hour);
    await db.token.update({ where: { id: inGrace.row.id }, data: { graceUntil: graceEnd } });

    const published = await createTestPolicy(db, { orgId: org.id, serverId: server.id, document: FLUX_POLICY });
    const draft = await createTestPolicy(db, { orgId: org.id, serverId: server.id, document: ALLOW_ALL, status: "draft" });
    const grant = await createTestGrant(db, { orgId: org.id, identityId: identity.id, serverId: server.id, policyId: published.id });
    const other = await createTestIdentity(db, { orgId: org.id });
    const draftGrant = await createTestGrant(db, { orgId: org.id, identityId: other.id, serverId: server.id, policyId: draft.id });

    await rebuildBundle(db, org.id);
    const bundle = await storedBundle(org.id);

    expect(bundle.orgId).toBe(org.id);
    expect(bundle.servers).toHaveLength(1);
    expect(bundle.servers[0]).toMatchObject({ id: server.id, upstreamUrl: "http://127.0.0.1:4100/mcp", transport: "streamable_http", enabled: true, maxBodyBytes: 4194304 });
    expect(bundle.servers[0]?.upstreamAuthEnc).toMatch(/^v1\./);
    expect(JSON.stringify(bundle)).not.toContain("upstream-secret-77");

    expect(bundle.tokens.map((t) => t.hash).sort()).toEqual([live.row.hash, inGrace.row.hash].sort());
    for (const gone of [revoked, expired, graceOver]) expect(bundle.tokens.map((t) => t.hash)).not.toContain(gone.row.hash);
    expect(bundle.tokens.find((t) => t.hash === inGrace.row.hash)?.expiresAt).toBe(graceEnd.toISOString());
    expect(JSON.stringify(bundle)).not.toContain(live.plaintext);

    expect(bundle.identities.find((i) => i.id === identity.id)).toMatchObject({ labels: { team: "ml" }, disabled: false });
    expect(bundle.policies.map((p) => p.id)).toEqual([published.id]);
    expect(bundle.policies[0]).toMatchObject({ serverId: server.id, versionNumber: 1, document: FLUX_POLICY });
    expect(bundle.grants.find((g) => g.id === grant.id)?.policyId).toBe(published.id);
    // A grant under a policy with nothing published enforces "(no policy)".
    expect(bundle.grants.find((g) => g.id === draftGrant.id)?.policyId).toBeNull();
  });

  it("carries each tool's accepted inputSchema whatever the server's argumentValidation (a policy may turn it on per tool)", async () => {
    const org = await createTestOrg(db);
    const server = await createTestServer(db, { orgId: org.id });
    await db.server.update({ where: { id: server.id }, data: { argumentValidation: "off" } });
    const schema = { type: "object", properties: { prompt: { type: "string" } }, required: ["prompt"] };
    const tool = (name: string, inputSchema: object, status: "active" | "quarantined" = "active") => ({
      id: newId("tool"), orgId: org.id, serverId: server.id, name, inputSchema, riskCategory: "write", riskLevel: "low" as const, definitionHash: "b".repeat(64), acceptedHash: "b".repeat(64), status,
    });
    await db.tool.createMany({ data: [tool("edit", schema), tool("bare", { type: "object" }), tool("held", schema, "quarantined")] });
    const { content } = await buildBundle(db, org.id);
    const entry = content.servers.find((s) => s.id === server.id);
    expect(entry).toMatchObject({ argumentValidation: "off", inputSchemas: { edit: schema } });
    expect(Object.keys(entry?.inputSchemas ?? {})).toEqual(["edit"]);
  });

  it("never includes another org's rows", async () => {
    const [a, b] = [await createTestOrg(db), await createTestOrg(db)];
    const serverB = await createTestServer(db, { orgId: b.id });
    const identityB = await createTestIdentity(db, { orgId: b.id });
    await createTestToken(db, { orgId: b.id, identityId: identityB.id });
    await createTestGrant(db, { orgId: b.id, identityId: identityB.id, serverId: serverB.id });
    const { content } = await buildBundle(db, a.id);
    expect(content).toEqual({ orgId: a.id, servers: [], identities: [], tokens: [], policies: [], grants: [] });
  });
});

describe("revisions", () => {
  it("keeps revision and hash while content is unchanged, and adds one per change", async () => {
    const org = await createTestOrg(db);
    await createTestServer(db, { orgId: org.id });
    const first = await rebuildBundle(db, org.id);
    expect(first).toMatchObject({ revision: 1, changed: true });
    const builtAt = (await storedBundle(org.id)).builtAt;

    const again = await rebuildBundle(db, org.id);
    expect(again).toEqual({ revision: 1, contentHash: first.contentHash, changed: false });
    expect((await storedBundle(org.id)).builtAt).toBe(builtAt);

    await createTestIdentity(db, { orgId: org.id });
    const changed = await rebuildBundle(db, org.id);
    expect(changed.revision).toBe(2);
    expect(changed.changed).toBe(true);
    expect(changed.contentHash).not.toBe(first.contentHash);

    const bundle = await storedBundle(org.id);
    const { revision, contentHash, builtAt: _builtAt, ...content } = bundle;
    expect(hashBundleContent(content)).toBe(contentHash);
  });

  it("neither skips nor reuses a revision when rebuilds race, and the last one sees every change", async () => {
    const org = await createTestOrg(db);
    await rebuildBundle(db, org.id);
    // Races are probabilistic: several rounds make a missing lock show up in practice.
    const changedRevisions: number[] = [];
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(
        Array.from({ length: 8 }, async () => {
          await createTestIdentity(db, { orgId: org.id });
          return rebuildBundle(db, org.id);
        }),
      );
      changedRevisions.push(...results.filter((r) => r.changed).map((r) => r.revision));
      expect((await storedBundle(org.id)).identities).toHaveLength(8 * (round + 1));
    }
    changedRevisions.sort((x, y) => x - y);
    expect(changedRevisions).toEqual(Array.from({ length: changedRevisions.length }, (_, i) => i + 2));
    const bundle = await storedBundle(org.id);
    expect(bundle.revision).toBe(1 + changedRevisions.length);

    // Ten identical rebuilds at once: exactly none changes anything.
    const idle = await Promise.all(Array.from({ length: 10 }, () => rebuildBundle(db, org.id)));
    expect(idle.every((r) => !r.changed && r.revision === bundle.revision)).toBe(true);
  });
});

describe("verbs rebuild the bundle", () => {
  it("after every enforcement change, and not for a draft", async () => {
    const org = await createTestOrg(db);
    const ctx = ctxFor(db, org.id);
    const revision = async () => (await db.orgBundle.findUnique({ where: { orgId: org.id } }))?.revision ?? 0;

    const server = await createServer(ctx, { name: "s", upstreamUrl: "http://127.0.0.1:4100/mcp" });
    expect(await revision()).toBe(1);
    const identity = await createIdentity(ctx, { name: "agent" });
    expect(await revision()).toBe(2);
    const { token } = await mintToken(ctx, { identityId: identity.id });
    expect(await revision()).toBe(3);
    await createPolicy(ctx, { serverId: server.id, name: "draft", document: ALLOW_ALL });
    expect(await revision()).toBe(3);
    const { policy } = await createPolicy(ctx, { serverId: server.id, name: "flux", document: FLUX_POLICY, publish: true });
    expect(await revision()).toBe(4);
    const grant = await createGrant(ctx, { identityId: identity.id, serverId: server.id, policyId: policy.id });
    expect(await revision()).toBe(5);
    expect((await storedBundle(org.id)).tokens.map((t) => t.hash)).toEqual([token.hash]);

    const v2 = await publishPolicyVersion(ctx, { policyId: policy.id, document: ALLOW_ALL, message: "open up" });
    expect(v2).toMatchObject({ number: 2, status: "published" });
    let bundle = await storedBundle(org.id);
    expect(bundle.revision).toBe(6);
    expect(bundle.policies.find((p) => p.id === policy.id)).toMatchObject({ versionId: v2.id, versionNumber: 2, document: ALLOW_ALL });
    const statuses = await db.policyVersion.findMany({ where: { policyId: policy.id }, orderBy: { number: "asc" }, select: { status: true } });
    expect(statuses.map((s) => s.status)).toEqual(["draft", "published"]);

    await updateGrant(ctx, { grantId: grant.id, enabled: false });
    bundle = await storedBundle(org.id);
    expect(bundle.revision).toBe(7);
    expect(bundle.grants.find((g) => g.id === grant.id)).toMatchObject({ enabled: false, policyId: policy.id });

    await updateGrant(ctx, { grantId: grant.id, policyId: null });
    expect((await storedBundle(org.id)).grants.find((g) => g.id === grant.id)?.policyId).toBeNull();

    await revokeToken(ctx, { tokenId: token.id });
    bundle = await storedBundle(org.id);
    expect(bundle.revision).toBe(9);
    expect(bundle.tokens).toEqual([]);
    // Revoking again changes nothing, so the revision stays.
    await revokeToken(ctx, { tokenId: token.id });
    expect(await revision()).toBe(9);

    const actions = await db.auditEvent.findMany({ where: { orgId: org.id, action: { in: ["policy.publish", "grant.update", "token.revoke"] } }, select: { action: true } });
    expect(actions.map((a) => a.action).sort()).toEqual(["grant.update", "grant.update", "policy.publish", "token.revoke"]);
  });

  it("refuses another org's ids as not found and a too-low role as forbidden, changing nothing", async () => {
    const mine = await createTestOrg(db);
    const theirs = await createTestOrg(db);
    const server = await createTestServer(db, { orgId: theirs.id });
    const identity = await createTestIdentity(db, { orgId: theirs.id });
    const token = await createTestToken(db, { orgId: theirs.id, identityId: identity.id });
    const policy = await createTestPolicy(db, { orgId: theirs.id, serverId: server.id, document: FLUX_POLICY });
    const grant = await createTestGrant(db, { orgId: theirs.id, identityId: identity.id, serverId: server.id });
    const ctx = ctxFor(db, mine.id);
    await expect(revokeToken(ctx, { tokenId: token.row.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(publishPolicyVersion(ctx, { policyId: policy.id, document: ALLOW_ALL })).rejects.toMatchObject({ code: "not_found" });
    await expect(updateGrant(ctx, { grantId: grant.id, enabled: false })).rejects.toMatchObject({ code: "not_found" });
    await expect(revokeToken(ctxFor(db, theirs.id, { role: "viewer" }), { tokenId: token.row.id })).rejects.toMatchObject({ code: "forbidden" });
    await expect(publishPolicyVersion(ctxFor(db, theirs.id, { role: "approver" }), { policyId: policy.id, document: ALLOW_ALL })).rejects.toMatchObject({ code: "forbidden" });

    expect((await db.token.findUniqueOrThrow({ where: { id: token.row.id } })).revokedAt).toBeNull();
    expect(await db.policyVersion.count({ where: { policyId: policy.id } })).toBe(1);
    expect((await db.grant.findUniqueOrThrow({ where: { id: grant.id } })).enabled).toBe(true);
    expect(await db.orgBundle.count({ where: { orgId: { in: [mine.id, theirs.id] } } })).toBe(0);
  });

  it("refuses a policy of another server on a grant", async () => {
    const org = await createTestOrg(db);
    const [s1, s2] = [await createTestServer(db, { orgId: org.id }), await createTestServer(db, { orgId: org.id })];
    const identity = await createTestIdentity(db, { orgId: org.id });
    const grant = await createTestGrant(db, { orgId: org.id, identityId: identity.id, serverId: s1.id });
    const policy = await createTestPolicy(db, { orgId: org.id, serverId: s2.id, document: FLUX_POLICY });
    await expect(updateGrant(ctxFor(db, org.id), { grantId: grant.id, policyId: policy.id })).rejects.toMatchObject({ code: "validation_failed" });
  });
});
