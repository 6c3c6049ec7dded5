// webhook.deliver through real BullMQ queues (a private key prefix per run) to real node:http
// receivers: the body arrives signed per Standard Webhooks (checked with the `standardwebhooks`
// library and the secret the API showed once), only subscribed endpoints get an event, and a
// receiver that fails twice is retried with backoff — the delivery log shows every attempt.
import { randomBytes } from "node:crypto";
import { type IncomingHttpHeaders, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createDb } from "@gatehouse/db";
import { createTestOrg, testDatabaseUrl } from "@gatehouse/db/testing";
import { createProducer, createRedis, runJobs } from "@gatehouse/jobs";
import { type ServiceContext, createWebhook, enqueueWebhookEvent } from "@gatehouse/services";
import { newId } from "@gatehouse/shared";
import { Queue } from "bullmq";
import { Webhook } from "standardwebhooks";
import { afterAll, expect, it } from "vitest";
import { webhookHandlers } from "../src/index.ts";
import type { JobDeps } from "../src/jobs/approval-handlers.ts";
import { capturingLogger, redisUrl, waitUntil } from "./support.ts";

const db = createDb(testDatabaseUrl(), { maxConnections: 2 });
const prefix = `gatehouse-test-${randomBytes(5).toString("hex")}`;
const producerConnection = createRedis(redisUrl, "producer");
const workerConnection = createRedis(redisUrl, "worker");
const producer = createProducer(producerConnection, { prefix });
const secrets = { encryptionKey: randomBytes(32) };

afterAll(async () => {
  const queue = new Queue("webhooks", { connection: producerConnection, prefix });
  await queue.obliterate({ force: true }).catch(() => {});
  await queue.close();
  await producer.close();
  producerConnection.disconnect();
  workerConnection.disconnect();
  await db.$disconnect();
});

type Received = { headers: IncomingHttpHeaders; body: string };

/** A receiver answering each POST with the next status of `statuses` (the last one repeats). */
async function receiver(statuses: number[]) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200;
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function context(orgId: string): ServiceContext & { allowPrivateNetworks: boolean } {
  return { db, orgId, role: "admin", actor: { type: "system", label: "test" }, requestId: newId("request"), secrets, jobs: producer, allowPrivateNetworks: true };
}

function runner() {
  const deps = { db, secrets, log: capturingLogger().log, allowPrivateNetworks: true } as unknown as JobDeps;
  return runJobs({ connection: workerConnection, prefix, log: deps.log, handlers: webhookHandlers(deps) });
}

it("delivers a subscribed event signed per Standard Webhooks, and nothing to an unsubscribed endpoint", async () => {
  const org = await createTestOrg(db);
  const good = await receiver([200]);
  const other = await receiver([200]);
  const jobs = runner();
  try {
    const subscribed = await createWebhook(context(org.id), { url: good.url, events: ["approval.requested", "approval.decided"] });
    await createWebhook(context(org.id), { url: other.url, events: ["approval.expired"] });
    const [deliveryId] = await enqueueWebhookEvent(context(org.id), { type: "approval.decided", data: { approvalId: "apr_x", status: "approved", reason: null } });

    await waitUntil(async () => (await db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId } })).status === "delivered");
    expect(good.received).toHaveLength(1);
    expect(other.received).toHaveLength(0);
    const [request] = good.received;
    expect(request?.headers["webhook-id"]).toBe(deliveryId);
    const verified = new Webhook(subscribed.secret).verify(request?.body ?? "", request?.headers as Record<string, string>) as { type: string; data: unknown };
    expect(verified).toMatchObject({ type: "approval.decided", data: { approvalId: "apr_x", status: "approved" } });
    expect(() => new Webhook(`whsec_${randomBytes(24).toString("base64")}`).verify(request?.body ?? "", request?.headers as Record<string, string>)).toThrow();

    const attempts = await db.webhookDeliveryAttempt.findMany({ where: { deliveryId } });
    expect(attempts).toMatchObject([{ attempt: 1, responseStatus: 200, error: null }]);
  } finally {
    await jobs.close();
    await good.close();
    await other.close();
  }
});

it("retries a failing receiver with backoff (500, 500, then 200) and logs each attempt", async () => {
  const org = await createTestOrg(db);
  const flaky = await receiver([500, 500, 200]);
  const jobs = runner();
  try {
    const endpoint = await createWebhook(context(org.id), { url: flaky.url, events: ["approval.requested"] });
    const [deliveryId] = await enqueueWebhookEvent(context(org.id), { type: "approval.requested", data: { approvalId: "apr_y" } });

    await waitUntil(async () => (await db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId } })).status === "delivered", 30_000);
    const attempts = await db.webhookDeliveryAttempt.findMany({ where: { deliveryId }, orderBy: { attempt: "asc" } });
    expect(attempts.map((a) => [a.attempt, a.responseStatus])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    expect(attempts[0]?.error).toBe("The endpoint answered 500.");
    expect(flaky.received.map((r) => r.headers["webhook-id"])).toEqual([deliveryId, deliveryId, deliveryId]);
    const delivery = await db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId } });
    expect(delivery).toMatchObject({ attempts: 3, responseStatus: 200, lastError: null });
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failureCount).toBe(0);
  } finally {
    await jobs.close();
    await flaky.close();
  }
});
