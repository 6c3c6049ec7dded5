// Verbs announce rebuilt bundles on Redis pub/sub, so proxies fetch them at once; a Redis outage
// never fails the verb (the bundle is stored; proxies' poll finds it).
import { createDb } from "@gatehouse/db";
import { createTestOrg, testDatabaseUrl } from "@gatehouse/db/testing";
import { REDIS_CHANNELS, createBundleAnnouncer, createRedis, parseBundleAnnouncement } from "@gatehouse/jobs";
import type { BundleAnnouncement } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIdentity, createServer, mintToken } from "../src/index.ts";
import { ctxFor } from "./helpers.ts";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const db = createDb(testDatabaseUrl(), { maxConnections: 4 });
const subscriber = createRedis(redisUrl, "subscriber");
const producer = createRedis(redisUrl, "producer");
const received: BundleAnnouncement[] = [];

beforeAll(async () => {
  subscriber.on("message", (_channel: string, message: string) => {
    const announcement = parseBundleAnnouncement(message);
    if (announcement) received.push(announcement);
  });
  await subscriber.subscribe(REDIS_CHANNELS.bundles);
});
afterAll(async () => {
  subscriber.disconnect();
  producer.disconnect();
  await db.$disconnect();
});

async function waitFor<T>(find: () => T | undefined, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("bundle announcements", () => {
  it("publishes the org, revision and hash after each change", async () => {
    const org = await createTestOrg(db);
    const ctx = ctxFor(db, org.id, { bundles: createBundleAnnouncer(producer) });
    await createServer(ctx, { name: "s", upstreamUrl: "http://127.0.0.1:4100/mcp" });
    const identity = await createIdentity(ctx, { name: "agent" });
    await mintToken(ctx, { identityId: identity.id });

    const third = await waitFor(() => received.find((a) => a.orgId === org.id && a.revision === 3));
    const stored = await db.orgBundle.findUniqueOrThrow({ where: { orgId: org.id } });
    expect(third).toEqual({ orgId: org.id, revision: stored.revision, contentHash: stored.contentHash });
    expect(received.filter((a) => a.orgId === org.id).map((a) => a.revision)).toEqual([1, 2, 3]);
  });

  it("does not fail a verb when Redis is unreachable", async () => {
    const org = await createTestOrg(db);
    const dead = createRedis("redis://127.0.0.1:1", "producer");
    const errors: unknown[] = [];
    try {
      const ctx = ctxFor(db, org.id, { bundles: createBundleAnnouncer(dead, (error) => errors.push(error)) });
      await createIdentity(ctx, { name: "agent" });
      expect((await db.orgBundle.findUniqueOrThrow({ where: { orgId: org.id } })).revision).toBe(1);
      expect(errors).toHaveLength(1);
    } finally {
      dead.disconnect();
    }
  });
});
