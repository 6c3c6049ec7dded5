// The decision-log API against seeded rows of two orgs over real HTTP: filters and keyset paging
// (never another org's row), stats that agree with a direct count, the export's round trip, the
// retention setting, and the live tail over Server-Sent Events backed by Redis pub/sub.
import { createTestServer, seedDecisionLogs } from "@gatehouse/db/testing";
import { createDecisionTail, createDecisionTailPublisher, createRedis } from "@gatehouse/jobs";
import { DECISION_LOG_CSV_COLUMNS } from "@gatehouse/services";
import { type DecisionEvent, type DecisionLogResponse, newId } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, type Tenants, createTenants, startApi } from "./support/api-harness";
import { fromCsv, parseCsv } from "./support/csv";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const HOUR = 3_600_000;

let h: ApiHarness;
let t: Tenants;
const tail = createDecisionTail(createRedis(redisUrl, "subscriber"));
const producer = createRedis(redisUrl, "producer");
const newest = new Date(Math.floor(Date.now() / HOUR) * HOUR - 60_000);
const oldest = new Date(newest.getTime() - 10 * HOUR);
let serverA1: string;
let serverA2: string;
let serverB: string;
const ROWS_A = 130;

beforeAll(async () => {
  h = await startApi({ decisionTail: tail });
  t = await createTenants(h.db);
  serverA1 = (await createTestServer(h.db, { orgId: t.orgA.id })).id;
  serverA2 = (await createTestServer(h.db, { orgId: t.orgA.id })).id;
  serverB = (await createTestServer(h.db, { orgId: t.orgB.id })).id;
  await seedDecisionLogs(h.db, { orgId: t.orgA.id, count: ROWS_A, newest, oldest, serverIds: [serverA1, serverA2], identityIds: ["idn_a1", "idn_a2", "idn_a3"] });
  // Org B's rows share tools, outcomes and times with org A's: only the org tells them apart.
  await seedDecisionLogs(h.db, { orgId: t.orgB.id, count: 60, newest, oldest, serverIds: [serverB], identityIds: ["idn_b1"] });
});
afterAll(async () => {
  tail.close();
  producer.disconnect();
  await h?.close();
});

const viewer = () => t.orgA.keys.viewer;

/** Every page of a list, following nextCursor. */
async function walk(query: string, limit = 50): Promise<DecisionLogResponse[]> {
  const rows: DecisionLogResponse[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page += 1) {
    const res = await h.call("GET", `/decision-logs?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`, { key: viewer() });
    expect(res.status, res.text).toBe(200);
    rows.push(...res.body.data);
    cursor = res.body.nextCursor;
    if (!cursor) return rows;
  }
  throw new Error("too many pages");
}

const dbIds = async (where: object) =>
  (await h.db.decisionLog.findMany({ where: { orgId: t.orgA.id, ...where }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } })).map((r) => r.id);

describe("GET /decision-logs", () => {
  it("pages through every row of the org, newest first, with no duplicate, no gap and no other org's row", async () => {
    const rows = await walk("x=1", 40);
    expect(rows.map((r) => r.id)).toEqual(await dbIds({}));
    expect(rows).toHaveLength(ROWS_A);
    expect(new Set(rows.map((r) => r.serverId))).toEqual(new Set([serverA1, serverA2]));
    const first = rows[0]!;
    expect(Object.keys(first).sort()).toEqual([...DECISION_LOG_CSV_COLUMNS].sort());
  });

  it("filters by outcome and tool together, by server, identity, rule, request id and time range", async () => {
    const deniedSearch = await walk("outcome=denied&tool=create_issue");
    expect(deniedSearch.length).toBeGreaterThan(0);
    expect(deniedSearch.map((r) => r.id)).toEqual(await dbIds({ outcome: "denied", toolName: "create_issue" }));
    expect(deniedSearch.every((r) => r.outcome === "denied" && r.toolName === "create_issue")).toBe(true);

    expect((await walk(`serverId=${serverA2}`)).map((r) => r.id)).toEqual(await dbIds({ serverId: serverA2 }));
    expect((await walk("identityId=idn_a3")).map((r) => r.id)).toEqual(await dbIds({ identityId: "idn_a3" }));
    const byRule = await walk("rule=rule-1");
    expect(byRule.length).toBeGreaterThan(0);
    expect(byRule.map((r) => r.id)).toEqual(await dbIds({ rule: "rule-1" }));

    const one = deniedSearch[0]!;
    const byRequest = await walk(`requestId=${one.requestId}`);
    expect(byRequest.map((r) => r.id)).toEqual([one.id]);

    const from = new Date(oldest.getTime() + 2 * HOUR);
    const to = new Date(oldest.getTime() + 5 * HOUR);
    const ranged = await walk(`from=${from.toISOString()}&to=${to.toISOString()}`);
    expect(ranged.length).toBeGreaterThan(10);
    expect(ranged.map((r) => r.id)).toEqual(await dbIds({ createdAt: { gte: from, lt: to } }));
  });

  it("answers another org's ids in a filter with an empty page, not an error", async () => {
    const res = await h.call("GET", `/decision-logs?serverId=${serverB}`, { key: viewer() });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [], nextCursor: null });
    const foreignRow = await h.db.decisionLog.findFirstOrThrow({ where: { orgId: t.orgB.id } });
    const byRequest = await h.call("GET", `/decision-logs?requestId=${foreignRow.requestId}`, { key: t.orgA.keys.admin });
    expect(byRequest.body).toEqual({ data: [], nextCursor: null });
    // Org B sees its own.
    const own = await h.call("GET", `/decision-logs?serverId=${serverB}&limit=5`, { key: t.orgB.adminKey });
    expect(own.body.data).toHaveLength(5);
  });

  it("refuses invalid filters with 400 naming them", async () => {
    const bad = await h.call("GET", "/decision-logs?outcome=maybe&from=yesterday&limit=0", { key: viewer() });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["outcome", "from", "limit"]));
    const empty = await h.call("GET", `/decision-logs?from=${newest.toISOString()}&to=${oldest.toISOString()}`, { key: viewer() });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toBe("to");
    const cursor = await h.call("GET", "/decision-logs?cursor=not-a-cursor", { key: viewer() });
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.details[0].path).toBe("cursor");
  });
});

describe("GET /decision-logs/stats", () => {
  it("agrees with a direct count for the same range, per outcome and per bucket", async () => {
    const from = new Date(oldest.getTime() - HOUR);
    const to = new Date(newest.getTime() + HOUR);
    const res = await h.call("GET", `/decision-logs/stats?bucket=hour&from=${from.toISOString()}&to=${to.toISOString()}`, { key: viewer() });
    expect(res.status, res.text).toBe(200);
    const stats = res.body;
    const grouped = await h.db.decisionLog.groupBy({ by: ["outcome"], where: { orgId: t.orgA.id, createdAt: { gte: from, lt: to } }, _count: { _all: true } });
    for (const g of grouped) expect(stats.totals[g.outcome], g.outcome).toBe(g._count._all);
    expect(stats.total).toBe(ROWS_A);
    // Buckets cover the range without holes and add up to the total.
    // 12 hours from 1 minute before an hour: 13 hour buckets, the first truncated to its hour.
    expect(stats.buckets).toHaveLength(13);
    expect(stats.buckets.reduce((n: number, b: { total: number }) => n + b.total, 0)).toBe(ROWS_A);
    const firstHour = new Date(stats.buckets[1].start);
    expect(stats.buckets[1].total).toBe(await h.db.decisionLog.count({ where: { orgId: t.orgA.id, createdAt: { gte: firstHour, lt: new Date(firstHour.getTime() + HOUR) } } }));

    const refused = ["denied", "rate_limited", "approval_denied", "approval_expired", "rejected"] as const;
    const top = stats.topTools[0];
    expect(top.refused).toBe(await h.db.decisionLog.count({ where: { orgId: t.orgA.id, toolName: top.tool, outcome: { in: [...refused] } } }));
    expect(stats.topRefusingRules.map((r: { rule: string }) => r.rule).sort()).toEqual(["rule-0", "rule-1", "rule-2"]);
    expect(stats.topRefusingRules.reduce((n: number, r: { count: number }) => n + r.count, 0)).toBe(
      await h.db.decisionLog.count({ where: { orgId: t.orgA.id, rule: { not: null }, outcome: { in: [...refused] } } }),
    );
    expect(stats.latencyMs.proxy.p50).toBeGreaterThan(0);
    expect(stats.latencyMs.upstream.p95).toBeGreaterThanOrEqual(stats.latencyMs.upstream.p50);
  });

  it("scopes to a server's slice and never counts another org", async () => {
    const res = await h.call("GET", `/decision-logs/stats?bucket=day&serverId=${serverA1}`, { key: viewer() });
    expect(res.body.total).toBe(await h.db.decisionLog.count({ where: { orgId: t.orgA.id, serverId: serverA1 } }));
    const foreign = await h.call("GET", `/decision-logs/stats?serverId=${serverB}`, { key: viewer() });
    expect(foreign.body.total).toBe(0);
  });

  it("refuses a range with too many buckets", async () => {
    const res = await h.call("GET", "/decision-logs/stats?bucket=hour&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", { key: viewer() });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe("bucket");
  });
});

describe("GET /decision-logs/export", () => {
  it("streams CSV that parses back to the same rows the list serves", async () => {
    const res = await h.call("GET", "/decision-logs/export?format=csv&outcome=denied", { key: viewer() });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="decision-logs-.*\.csv"/);
    const [header, ...lines] = parseCsv(res.text);
    expect(header).toEqual([...DECISION_LOG_CSV_COLUMNS]);
    const listed = await walk("outcome=denied");
    expect(lines.map((cells) => fromCsv(header!, cells))).toEqual(listed);
  });

  it("streams NDJSON, one decision per line, only the caller's org", async () => {
    const res = await h.call("GET", "/decision-logs/export?format=ndjson", { key: viewer() });
    expect(res.headers.get("content-type")).toContain("application/x-ndjson");
    const rows = res.text.trimEnd().split("\n").map((line) => JSON.parse(line) as DecisionLogResponse);
    expect(rows.map((r) => r.id)).toEqual(await dbIds({}));
  });

  it("keeps commas, quotes and line breaks intact", async () => {
    const org = t.orgA.id;
    const id = newId("decision");
    await h.db.decisionLog.create({
      data: { id, orgId: org, requestId: "req_csv", method: "tools/call", toolName: 'odd,"tool"', outcome: "denied", message: "line one\nline two, \"quoted\"", argKeys: ["a,b", 'c"d'], violationPaths: ["items[0].sku", "a,b"], createdAt: new Date(oldest.getTime() - 5 * HOUR) },
    });
    const res = await h.call("GET", "/decision-logs/export?format=csv&requestId=req_csv", { key: viewer() });
    const [header, line] = parseCsv(res.text);
    const row = fromCsv(header!, line!);
    expect(row).toMatchObject({ id, toolName: 'odd,"tool"', message: "line one\nline two, \"quoted\"", argKeys: ["a,b", 'c"d'], violationPaths: ["items[0].sku", "a,b"] });
    await h.db.decisionLog.delete({ where: { id } });
  });
});

describe("decision-log settings", () => {
  it("defaults to 30 days; an admin changes it, audited; a viewer cannot", async () => {
    const tenants = await createTenants(h.db);
    const before = await h.call("GET", "/decision-logs/settings", { key: tenants.orgA.keys.viewer });
    expect(before.body).toEqual({ retentionDays: 30 });
    const changed = await h.call("PATCH", "/decision-logs/settings", { key: tenants.orgA.keys.admin, body: { retentionDays: 7 } });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ retentionDays: 7 });
    expect((await h.call("GET", "/decision-logs/settings", { key: tenants.orgA.keys.viewer })).body).toEqual({ retentionDays: 7 });
    const audit = await h.db.auditEvent.findFirstOrThrow({ where: { orgId: tenants.orgA.id, action: "decision_logs.settings.update" } });
    expect(audit.data).toEqual({ retentionDays: { from: 30, to: 7 } });
    expect((await h.call("PATCH", "/decision-logs/settings", { key: tenants.orgA.keys.viewer, body: { retentionDays: 1 } })).status).toBe(403);
    // Org B is untouched.
    expect((await h.call("GET", "/decision-logs/settings", { key: tenants.orgB.adminKey })).body).toEqual({ retentionDays: 30 });
  });
});

describe("GET /decision-logs/events (live tail)", () => {
  it("refuses a request without valid credentials before streaming", async () => {
    expect((await h.call("GET", "/decision-logs/events")).status).toBe(401);
    expect((await h.call("GET", "/decision-logs/events", { key: t.orgA.identityToken })).status).toBe(401);
    expect((await h.call("GET", "/decision-logs/events?outcome=maybe", { key: viewer() })).status).toBe(400);
  });

  it("streams the org's new decisions that match the filter, and nothing of another org", async () => {
    const controller = new AbortController();
    const res = await fetch(`${h.url}/api/v1/decision-logs/events?tool=refund_order`, { headers: { authorization: `Bearer ${viewer()}` }, signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = sseReader(res.body!);
    try {
      expect((await events.next()).event).toBe("ready");
      const publisher = createDecisionTailPublisher(producer);
      const mine = tailEvent(t.orgA.id, { toolName: "refund_order", outcome: "denied", rule: "(invalid arguments)", violationPaths: ["amount"] });
      await publisher.publish([
        tailEvent(t.orgB.id, { toolName: "refund_order" }),
        tailEvent(t.orgA.id, { toolName: "search_docs" }),
        mine,
      ]);
      const received = await events.next();
      expect(received.event).toBe("decision");
      expect(received.id).toBe(mine.id);
      expect(JSON.parse(received.data)).toMatchObject({ id: mine.id, toolName: "refund_order", outcome: "denied", rule: "(invalid arguments)", violationPaths: ["amount"], createdAt: mine.at });
      // Nothing else was sent: the next event is the one published after.
      const later = tailEvent(t.orgA.id, { toolName: "refund_order" });
      await publisher.publish([later]);
      expect((await events.next()).id).toBe(later.id);
    } finally {
      controller.abort();
    }
  });
});

function tailEvent(orgId: string, overrides: Partial<DecisionEvent>): DecisionEvent {
  return {
    id: newId("decision"), orgId, requestId: newId("request"), serverId: null, identityId: null, grantId: null, tokenPrefix: null,
    method: "tools/call", toolName: null, argKeys: [], argsHash: null, policyId: null, policyVersionId: null, bundleRevision: 1,
    outcome: "allowed", shadowOutcome: null, rule: null, message: null, approvalId: null, upstreamStatus: 200,
    upstreamLatencyMs: 3, proxyLatencyMs: 0.2, at: new Date().toISOString(), ...overrides,
  };
}

/** Reads Server-Sent Events one at a time (comments skipped). */
function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return {
    async next(): Promise<{ event?: string; id?: string; data: string }> {
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) continue;
            const colon = line.indexOf(":");
            fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, "");
          }
          if (Object.keys(fields).length === 0) continue;
          return { event: fields.event, id: fields.id, data: fields.data ?? "" };
        }
        const chunk = await reader.read();
        if (chunk.done) throw new Error("the stream ended");
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
  };
}
