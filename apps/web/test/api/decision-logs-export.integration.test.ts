// The export at volume: 100,000 rows stream out over real HTTP while the process's memory stays
// flat (the rows are never all in memory), and the CSV parses back to exactly the stored rows, in
// order. Memory is measured, printed, and held to a generous bound; time is not asserted.
import { request as httpRequest } from "node:http";
import { createHash } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createTestOrg, createTestApiKey, seedDecisionLogs } from "@gatehouse/db/testing";
import { DECISION_LOG_CSV_COLUMNS, presentDecisionLog } from "@gatehouse/services";
import type { DecisionLogResponse } from "@gatehouse/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type ApiHarness, startApi } from "./support/api-harness";
import { fromCsv, parseCsv } from "./support/csv";

const ROWS = 100_000;
/**
 * Generous bound on live heap growth (measured after a forced GC): the 100,000 rows as objects
 * would take well over 100 MB, one batch of 1,000 a megabyte or two.
 */
const MAX_LIVE_HEAP_GROWTH_MB = 48;
/** Sample live heap every this many rows (a full GC each time). */
const SAMPLE_EVERY = 10_000;

// A full GC before each sample, so the figure is what the stream keeps alive, not garbage
// waiting for collection.
setFlagsFromString("--expose_gc");
const gc = runInNewContext("gc") as () => void;

let h: ApiHarness;
let orgId: string;
let key: string;

beforeAll(async () => {
  h = await startApi();
  orgId = (await createTestOrg(h.db)).id;
  key = (await createTestApiKey(h.db, { orgId, role: "viewer" })).plaintext;
  const now = new Date();
  await seedDecisionLogs(h.db, { orgId, count: ROWS, newest: now, oldest: new Date(now.getTime() - 7 * 86_400_000), serverIds: ["srv_x", "srv_y"], identityIds: ["idn_x"] });
}, 120_000);
afterAll(async () => {
  await h?.db.decisionLog.deleteMany({ where: { orgId } });
  await h?.close();
});

/** One row as text with its fields in the CSV's order, so both sides hash alike. */
const canonical = (row: DecisionLogResponse) => JSON.stringify(DECISION_LOG_CSV_COLUMNS.map((c) => row[c]));

it("streams 100,000 rows as CSV with bounded memory, and they parse back to the stored rows", async () => {
  gc();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakLiveHeap = baseline.heapUsed;
  let header: string[] | undefined;
  let count = 0;
  let bytes = 0;
  const digest = createHash("sha256");
  const started = performance.now();

  await new Promise<void>((resolve, reject) => {
    const req = httpRequest(`${h.url}/api/v1/decision-logs/export?format=csv`, { headers: { authorization: `Bearer ${key}` }, agent: false }, (res) => {
      expect(res.statusCode).toBe(200);
      let partial = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        bytes += Buffer.byteLength(chunk);
        const lines = (partial + chunk).split("\r\n");
        partial = lines.pop() ?? "";
        for (const line of lines) {
          // Seeded cells hold no line breaks, so every CRLF ends a record.
          const [cells] = parseCsv(line);
          if (!header) header = cells;
          else {
            digest.update(canonical(fromCsv(header, cells ?? [])));
            count += 1;
            if (count % SAMPLE_EVERY === 0) {
              gc();
              peakLiveHeap = Math.max(peakLiveHeap, process.memoryUsage().heapUsed);
            }
          }
        }
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      });
      res.on("end", () => (partial === "" ? resolve() : reject(new Error("the export ended mid-line"))));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
  const seconds = (performance.now() - started) / 1000;
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  console.log(
    `export of ${count} rows: ${mb(bytes)} MB of CSV in ${seconds.toFixed(1)} s; RSS ${mb(baseline.rss)} → peak ${mb(peakRss)} MB (+${mb(peakRss - baseline.rss)}), live heap ${mb(baseline.heapUsed)} → peak ${mb(peakLiveHeap)} MB (+${mb(peakLiveHeap - baseline.heapUsed)})`,
  );

  expect(header).toEqual([...DECISION_LOG_CSV_COLUMNS]);
  expect(count).toBe(ROWS);
  expect(mb(peakLiveHeap - baseline.heapUsed)).toBeLessThan(MAX_LIVE_HEAP_GROWTH_MB);

  // The stored rows, read straight from the table in the export's order, hash the same.
  const stored = createHash("sha256");
  let cursor: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const rows = await h.db.decisionLog.findMany({
      where: { orgId, ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 10_000,
    });
    for (const row of rows) stored.update(canonical(presentDecisionLog(row)));
    const last = rows.at(-1);
    if (!last) break;
    cursor = { createdAt: last.createdAt, id: last.id };
  }
  expect(digest.digest("hex")).toBe(stored.digest("hex"));
}, 180_000);
