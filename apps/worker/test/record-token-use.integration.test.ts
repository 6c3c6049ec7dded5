// Token lastUsedAt from the decision stream: the ingestion loop moves it to the latest call of
// each token in a batch, never backwards, and only for the token (identity + prefix) that called.
import { createDb } from "@gatehouse/db";
import { createTestIdentity, createTestOrg, createTestToken, testDatabaseUrl } from "@gatehouse/db/testing";
import { createRedis } from "@gatehouse/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestDecisions } from "../src/index.ts";
import { recordTokenUse } from "../src/decisions/record-token-use.ts";
import { capturingLogger, decisionEvent, emit, privateStream, redisUrl, waitUntil } from "./support.ts";

const db = createDb(testDatabaseUrl(), { maxConnections: 4 });
const redis = createRedis(redisUrl, "producer");
const stream = privateStream();
let orgId: string;

beforeAll(async () => {
  orgId = (await createTestOrg(db)).id;
});
afterAll(async () => {
  await redis.del(stream.key);
  redis.disconnect();
  await db.$disconnect();
});

describe("token last use", () => {
  it("is recorded by the ingestion loop from the calls in the stream", async () => {
    const identity = await createTestIdentity(db, { orgId });
    const used = await createTestToken(db, { orgId, identityId: identity.id });
    const idle = await createTestToken(db, { orgId, identityId: identity.id });
    const connection = createRedis(redisUrl, "worker");
    const controller = new AbortController();
    const done = ingestDecisions({ db, redis: connection, log: capturingLogger().log, consumer: "c1", stream, blockMs: 100 }, controller.signal);
    try {
      const last = new Date(Date.now() - 1000);
      for (const offset of [5000, 1000, 0, 3000]) {
        await emit(redis, stream, decisionEvent(orgId, { identityId: identity.id, tokenPrefix: used.row.prefix, at: new Date(last.getTime() - offset).toISOString() }));
      }
      await waitUntil(async () => (await db.token.findUniqueOrThrow({ where: { id: used.row.id } })).lastUsedAt?.getTime() === last.getTime());
      expect((await db.token.findUniqueOrThrow({ where: { id: idle.row.id } })).lastUsedAt).toBeNull();
    } finally {
      controller.abort();
      await done;
      connection.disconnect();
    }
  });

  it("never moves back when an older batch arrives late, and leaves other orgs' tokens alone", async () => {
    const identity = await createTestIdentity(db, { orgId });
    const token = await createTestToken(db, { orgId, identityId: identity.id });
    const other = await createTestOrg(db);
    const theirIdentity = await createTestIdentity(db, { orgId: other.id });
    const theirs = await createTestToken(db, { orgId: other.id, identityId: theirIdentity.id });
    const newer = new Date("2026-03-01T12:00:00Z");
    expect(await recordTokenUse(db, [decisionEvent(orgId, { identityId: identity.id, tokenPrefix: token.row.prefix, at: newer.toISOString() })])).toBe(1);
    expect(await recordTokenUse(db, [decisionEvent(orgId, { identityId: identity.id, tokenPrefix: token.row.prefix, at: "2026-02-01T12:00:00Z" })])).toBe(0);
    expect((await db.token.findUniqueOrThrow({ where: { id: token.row.id } })).lastUsedAt).toEqual(newer);
    // The right prefix under the wrong org names no token.
    expect(await recordTokenUse(db, [decisionEvent(orgId, { identityId: theirIdentity.id, tokenPrefix: theirs.row.prefix })])).toBe(0);
    expect((await db.token.findUniqueOrThrow({ where: { id: theirs.row.id } })).lastUsedAt).toBeNull();
  });
});
