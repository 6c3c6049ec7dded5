// The audit trail over real HTTP: filters by actor, action, target and time; keyset pages with no
// duplicate and no gap; CSV and NDJSON exports that hold exactly what the list holds.
import { createTestOrg } from "@gatehouse/db/testing";
import type { Prisma } from "@gatehouse/db";
import { newId } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, signedInMember, startApi } from "./support/api-harness";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApi();
});
afterAll(async () => h?.close());

type Seed = { actorLabel: string; actorId: string; action: string; targetType: string; targetId: string; createdAt: Date; data?: object };

async function seed(orgId: string, events: Seed[]): Promise<void> {
  await h.db.auditEvent.createMany({
    data: events.map((e) => ({ id: newId("audit", e.createdAt.getTime()), orgId, actorType: "user" as const, requestId: "req_seed", ...e, data: (e.data ?? {}) as Prisma.InputJsonValue })),
  });
}

/** Every event of a filtered list, walking the cursor. */
async function walk(cookie: string, query: string, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await h.call("GET", `/audit-events?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { cookie });
    expect(res.status, res.text).toBe(200);
    ids.push(...res.body.data.map((e: { id: string }) => e.id));
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor);
  return { ids, pages };
}

describe("audit events", () => {
  let orgId: string;
  let viewer: { cookie: string };
  const t0 = new Date("2026-06-01T10:00:00Z");
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

  beforeAll(async () => {
    orgId = (await createTestOrg(h.db)).id;
    viewer = await signedInMember(h.db, orgId, "viewer");
    const events: Seed[] = [];
    for (let i = 0; i < 120; i++) {
      // Many events share a timestamp: the cursor's id tie-break must still keep pages apart.
      events.push({
        actorLabel: i % 2 ? "alice@example.test" : "deploy bot (gthk_abc…)",
        actorId: i % 2 ? "user_alice" : "key_bot",
        action: ["api_key.create", "api_key.revoke", "member.update_role"][i % 3] as string,
        targetType: i % 3 === 2 ? "member" : "api_key",
        targetId: `target_${i % 5}`,
        createdAt: at(Math.floor(i / 4)),
      });
    }
    await seed(orgId, events);
    // Another org's events never show up.
    await seed((await createTestOrg(h.db)).id, [{ actorLabel: "alice@example.test", actorId: "user_alice", action: "api_key.create", targetType: "api_key", targetId: "target_0", createdAt: at(1) }]);
  });

  it("pages newest first through every event with no duplicate and no gap", async () => {
    const { ids, pages } = await walk(viewer.cookie, "", 17);
    // 120 seeded + the org's own membership events (none: factories write no audit).
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
    expect(pages).toBe(Math.ceil(120 / 17));
    const all = await h.call("GET", "/audit-events?limit=200", { cookie: viewer.cookie });
    const times = all.body.data.map((e: { createdAt: string }) => e.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("filters by actor (id or part of the label), action or its family, target and time", async () => {
    const count = async (query: string) => (await walk(viewer.cookie, query, 200)).ids.length;
    expect(await count("&actor=user_alice")).toBe(60);
    expect(await count("&actor=DEPLOY%20BOT")).toBe(60);
    expect(await count("&action=api_key")).toBe(80);
    expect(await count("&action=api_key.revoke")).toBe(40);
    expect(await count("&action=api")).toBe(0);
    expect(await count("&targetType=member")).toBe(40);
    expect(await count("&targetType=api_key&targetId=target_0")).toBe(16);
    // from inclusive, to exclusive: minutes 10..19 hold events 40..79.
    expect(await count(`&from=${at(10).toISOString()}&to=${at(20).toISOString()}`)).toBe(40);
    expect(await count(`&actor=user_alice&action=member.update_role&from=${at(10).toISOString()}`)).toBe(Array.from({ length: 80 }, (_, k) => k + 40).filter((i) => i % 2 && i % 3 === 2).length);
    const one = await h.call("GET", "/audit-events?limit=1&action=member.update_role", { cookie: viewer.cookie });
    expect(one.body.data[0]).toEqual({
      id: expect.any(String),
      createdAt: expect.any(String),
      actorType: "user",
      actorId: expect.any(String),
      actorLabel: expect.any(String),
      action: "member.update_role",
      targetType: "member",
      targetId: expect.any(String),
      summary: {},
      requestId: "req_seed",
    });
  });

  it("refuses a time that is not one, and a window that ends before it starts, naming the parameter", async () => {
    const bad = await h.call("GET", "/audit-events?from=yesterday", { cookie: viewer.cookie });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toContain("from");
    const backwards = await h.call("GET", `/audit-events/export?from=${at(5).toISOString()}&to=${at(1).toISOString()}`, { cookie: viewer.cookie });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details.map((d: { path: string }) => d.path)).toContain("to");
  });

  it("exports the filtered trail as NDJSON: the same events as the list, in its order", async () => {
    const res = await h.call("GET", "/audit-events/export?format=ndjson&action=api_key", { cookie: viewer.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-events-.*\.ndjson"$/);
    const lines = res.text.trimEnd().split("\n").map((line) => JSON.parse(line));
    expect(lines.map((e) => e.id)).toEqual((await walk(viewer.cookie, "&action=api_key", 50)).ids);
  });

  it("exports CSV with a header row, quoting, and formulas kept as text", async () => {
    const org = (await createTestOrg(h.db)).id;
    const admin = await signedInMember(h.db, org, "admin");
    await seed(org, [
      { actorLabel: '=HYPERLINK("http://evil")', actorId: "user_x", action: "org.update", targetType: "org", targetId: org, createdAt: at(0), data: { name: 'Acme, "the" org' } },
    ]);
    const res = await h.call("GET", "/audit-events/export?format=csv", { cookie: admin.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const [header, row, end] = res.text.split("\r\n");
    expect(header).toBe("id,createdAt,actorType,actorId,actorLabel,action,targetType,targetId,requestId,summary");
    expect(row).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(row).toContain(`"{""name"":""Acme, \\""the\\"" org""}"`);
    expect(end).toBe("");
  });

  it("streams a large export in batches without losing a row", async () => {
    const org = (await createTestOrg(h.db)).id;
    const admin = await signedInMember(h.db, org, "admin");
    const many: Seed[] = Array.from({ length: 1234 }, (_, i) => ({ actorLabel: "bulk", actorId: "user_bulk", action: "server.update", targetType: "server", targetId: `srv_${i}`, createdAt: at(i % 7) }));
    await seed(org, many);
    const res = await h.call("GET", "/audit-events/export?format=csv", { cookie: admin.cookie });
    const rows = res.text.trimEnd().split("\r\n").slice(1);
    expect(rows).toHaveLength(1234);
    expect(new Set(rows.map((r) => r.split(",")[0])).size).toBe(1234);
  });
});
