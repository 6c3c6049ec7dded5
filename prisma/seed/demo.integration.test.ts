// The demo seed is idempotent: a second run neither fails nor duplicates anything, and keeps a
// token that still works.
import { randomBytes } from "node:crypto";
import { createDb } from "@gatehouse/db";
import { randomName, testDatabaseUrl } from "@gatehouse/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { decryptText } from "@gatehouse/services";
import { DEMO_POLICY, seedDemo } from "./demo.ts";

const db = createDb(testDatabaseUrl(), { maxConnections: 4 });
afterAll(() => db.$disconnect());

describe("seedDemo", () => {
  const input = {
    db,
    encryptionKey: randomBytes(32),
    adminEmail: `${randomName("admin")}@example.test`,
    adminPassword: "correct horse battery staple",
    demoUpstreamUrl: "http://127.0.0.1:4100/mcp",
    upstreamAuthHeader: { name: "X-Demo-Key", value: "k-123" },
    orgSlug: randomName("demo"),
  };

  it("creates the demo once, and a second run changes nothing", async () => {
    const first = await seedDemo(input);
    expect(first.tokenIsNew).toBe(true);
    expect(first.token).toMatch(/^gth_[A-Za-z0-9_-]{43}$/);

    expect(first.apiKey).toMatch(/^gthk_/);
    const second = await seedDemo({ ...input, previousToken: first.token, previousApiKey: first.apiKey });
    expect(second).toEqual({ ...first, tokenIsNew: false });

    const orgId = first.orgId;
    const counts = await Promise.all([
      db.organization.count({ where: { slug: input.orgSlug } }),
      db.membership.count({ where: { orgId } }),
      db.server.count({ where: { orgId } }),
      db.identity.count({ where: { orgId } }),
      db.token.count({ where: { orgId } }),
      db.policy.count({ where: { orgId } }),
      db.policyVersion.count({ where: { orgId } }),
      db.grant.count({ where: { orgId } }),
      db.user.count({ where: { email: input.adminEmail } }),
    ]);
    expect(counts).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it("stores the flux policy published, the grant under it, and the upstream credential encrypted", async () => {
    const seeded = await seedDemo(input);
    const grant = await db.grant.findUniqueOrThrow({ where: { id: seeded.grantId }, include: { policy: { include: { versions: true } } } });
    expect(grant.policyId).toBe(seeded.policyId);
    expect(grant.policy?.versions).toHaveLength(1);
    expect(grant.policy?.versions[0]?.status).toBe("published");
    expect(grant.policy?.versions[0]?.document).toEqual(DEMO_POLICY);

    const server = await db.server.findUniqueOrThrow({ where: { id: seeded.serverId } });
    expect(server.upstreamAuthEnc).toMatch(/^v1\./);
    expect(server.upstreamAuthEnc).not.toContain("k-123");
    expect(server.upstreamAuthHint).toBe("X-Demo-Key: …-123");
  });

  it("mints a new token when the previous one was revoked", async () => {
    const seeded = await seedDemo(input);
    await db.token.updateMany({ where: { orgId: seeded.orgId }, data: { revokedAt: new Date() } });
    const again = await seedDemo({ ...input, previousToken: seeded.token });
    expect(again.tokenIsNew).toBe(true);
    expect(again.token).not.toBe(seeded.token);
  });

  it("re-encrypts the demo credential when a checkout brings a new key or credential", async () => {
    const seeded = await seedDemo(input);
    const newKey = randomBytes(32);
    const again = await seedDemo({ ...input, encryptionKey: newKey, upstreamAuthHeader: { name: "X-Demo-Key", value: "k-456" }, previousToken: seeded.token });
    expect(again.serverId).toBe(seeded.serverId);
    const server = await db.server.findUniqueOrThrow({ where: { id: seeded.serverId } });
    expect(JSON.parse(decryptText(newKey, server.upstreamAuthEnc ?? ""))).toEqual({ headers: { "X-Demo-Key": "k-456" } });
    expect(await db.server.count({ where: { orgId: seeded.orgId } })).toBe(1);
    const bundle = await db.orgBundle.findUniqueOrThrow({ where: { orgId: seeded.orgId } });
    expect(JSON.stringify(bundle.body)).toContain(server.upstreamAuthEnc);
  });
});
