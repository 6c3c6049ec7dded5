// The job catalog against the real Redis: payloads are parsed at both ends, ids make repeated
// enqueues one job, failures are retried with backoff and stay visible, close() drains.
import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger } from "@gatehouse/shared/node";
import { createProducer, createRedis, defineJob, handle, JOBS, runJobs, safeJobId } from "../src/index.ts";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `gh-test-${randomBytes(5).toString("hex")}`;
const producerRedis = createRedis(url, "producer");
const workerRedis = createRedis(url, "worker");
const lines: string[] = [];
const log = createLogger("debug", { service: "test" }, (line) => lines.push(line));

const echo = defineJob({
  name: "test.echo",
  queue: "test-echo",
  payload: z.object({ id: z.string(), n: z.number().int() }),
  jobId: (p) => safeJobId("test.echo", p.id),
  attempts: 3,
  backoff: { type: "fixed", delayMs: 50 },
});

afterAll(async () => {
  const keys = await producerRedis.keys(`${prefix}:*`);
  if (keys.length > 0) await producerRedis.del(...keys);
  producerRedis.disconnect();
  workerRedis.disconnect();
});

async function until(check: () => boolean | Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("job catalog", () => {
  it("names every job once, on queues BullMQ accepts", () => {
    for (const [name, job] of Object.entries(JOBS)) {
      expect(job.name).toBe(name);
      expect(job.queue).not.toContain(":");
    }
  });

  it("refuses a payload that does not match the job's schema before enqueueing it", async () => {
    const producer = createProducer(producerRedis, { prefix });
    await expect(producer.enqueue(echo, { id: "x", n: 1.5 })).rejects.toThrow();
    await producer.close();
  });

  it("runs a job once per id with its parsed payload, retries a failing handler and keeps the final failure visible", async () => {
    const producer = createProducer(producerRedis, { prefix });
    const seen: Array<{ id: string; attempt: number }> = [];
    const runner = runJobs({
      connection: workerRedis,
      prefix,
      log,
      handlers: [
        handle(echo, async (payload, context) => {
          seen.push({ id: payload.id, attempt: context.attempt });
          if (payload.n < 0) throw new Error(`refusing ${payload.n}`);
        }),
      ],
    });
    await producer.enqueue(echo, { id: "same", n: 1 });
    await producer.enqueue(echo, { id: "same", n: 1 });
    await producer.enqueue(echo, { id: "bad", n: -1 });
    await until(() => seen.filter((s) => s.id === "bad").length === 3 && seen.some((s) => s.id === "same"));
    const queue = new Queue(echo.queue, { connection: producerRedis, prefix });
    await until(async () => (await queue.getFailedCount()) === 1);
    await runner.close();
    expect(seen.filter((s) => s.id === "same")).toHaveLength(1);
    expect(seen.filter((s) => s.id === "bad").map((s) => s.attempt)).toEqual([1, 2, 3]);
    const [failed] = await queue.getFailed();
    expect(failed?.failedReason).toBe("refusing -1");
    expect(lines.some((l) => l.includes('"job failed"') && l.includes("test.echo"))).toBe(true);
    await queue.close();
    await producer.close();
  });

  it("fails a job whose stored payload no longer parses without retrying it", async () => {
    const queue = new Queue(echo.queue, { connection: producerRedis, prefix });
    const runs: unknown[] = [];
    const runner = runJobs({ connection: workerRedis, prefix, log, handlers: [handle(echo, async (p) => void runs.push(p))] });
    await queue.add(echo.name, { id: "raw", n: "nope" }, { jobId: "raw-1", attempts: 3 });
    await until(async () => (await queue.getJob("raw-1"))?.failedReason !== undefined);
    const job = await queue.getJob("raw-1");
    expect(job?.attemptsMade).toBe(1);
    expect(job?.failedReason).toMatch(/Invalid payload for test.echo/);
    expect(runs).toHaveLength(0);
    await runner.close();
    await queue.close();
  });

  it("close() waits for the job in flight to finish", async () => {
    const producer = createProducer(producerRedis, { prefix });
    let finished = false;
    let started = false;
    const slow = defineJob({ ...echo, name: "test.slow", queue: "test-slow" });
    const runner = runJobs({
      connection: workerRedis,
      prefix,
      log,
      handlers: [
        handle(slow, async () => {
          started = true;
          await new Promise((r) => setTimeout(r, 300));
          finished = true;
        }),
      ],
    });
    await producer.enqueue(slow, { id: "s", n: 1 });
    await until(() => started);
    await runner.close();
    expect(finished).toBe(true);
    await producer.close();
  });
});
