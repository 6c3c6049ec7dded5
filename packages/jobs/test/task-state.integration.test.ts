// Approval tasks' live state against the real Redis (task-scripts.ts): one approved request lets
// exactly one of many concurrent advances forward the call; a pending request is withdrawn with
// its cancelled task; a terminal task is never finished twice; an identical call sent again finds
// the owner's working task.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApprovalBinding, ApprovalState, createRedis, type NewTask, TaskState } from "../src/index.ts";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `gh-test-tasks-${randomBytes(5).toString("hex")}:`;
const redis = createRedis(url, "producer");
const approvals = new ApprovalState(redis, prefix);
const tasks = new TaskState(redis, prefix);

beforeAll(async () => {
  // The producer connection queues nothing offline: wait until it is up.
  if (redis.status !== "ready") await new Promise((resolve) => redis.once("ready", resolve));
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const hex = () => randomBytes(6).toString("hex");

async function pendingTask(orgId = `org_${hex()}`) {
  const now = Date.now();
  const binding: ApprovalBinding = { orgId, identityId: "idn_1", serverId: "srv_1", toolName: "refund", argsHash: hex(), policyVersionId: "polv_1" };
  const approvalId = `apr_${hex()}`;
  const found = await approvals.lookup(binding, approvalId, now, 60_000);
  expect(found.state).toBe("created");
  const taskId = `tsk_${hex()}`;
  const draft: NewTask = {
      taskId,
      orgId,
      statusMessage: "waiting",
      ttlMs: 120_000,
      createdAtMs: now,
      pollIntervalMs: 500,
      identityId: binding.identityId,
      serverId: binding.serverId,
      tokenHash: "h",
      approvalId,
      approvalExpiresAtMs: now + 60_000,
      toolName: "refund",
      rule: "/tools/refund/approve_if/x",
      callEnc: "sealed-call",
      headersEnc: "sealed-headers",
  };
  const made = await tasks.create(draft, now);
  return { binding, approvalId, taskId: made.taskId, created: made.created, orgId, now, draft };
}

describe("approval task state", () => {
  it("approved: of 20 concurrent advances exactly one is told to forward; the rest see it forwarding", async () => {
    const t = await pendingTask();
    expect(t.created).toBe(true);
    expect((await tasks.advance(t.orgId, t, Date.now(), 60_000)).state).toBe("pending");
    await approvals.settle(t.binding, t.approvalId, { status: "approved", reason: null, decidedBy: "u", now: Date.now(), expiresAtMs: t.now + 60_000, consumableMs: 60_000 });
    const steps = await Promise.all(Array.from({ length: 20 }, () => tasks.advance(t.orgId, t, Date.now(), 60_000)));
    expect(steps.filter((s) => s.state === "forward")).toHaveLength(1);
    expect(steps.filter((s) => s.state === "forwarding")).toHaveLength(19);
    // The approval is spent: the plain path's identical retry cannot use it again.
    expect(await approvals.lookup(t.binding, `apr_${hex()}`, Date.now(), 60_000)).toMatchObject({ state: "created" });
    expect(await tasks.finish(t.orgId, t.taskId, "completed", "done", "sealed-result", Date.now())).toBe(true);
    expect(await tasks.finish(t.orgId, t.taskId, "failed", "again", "other", Date.now())).toBe(false);
    expect(await tasks.get(t.orgId, t.taskId)).toMatchObject({ status: "completed", resultEnc: "sealed-result" });
  });

  it("denied: advance reports the reason and forwards nothing", async () => {
    const t = await pendingTask();
    await approvals.settle(t.binding, t.approvalId, { status: "denied", reason: "no", decidedBy: "u", now: Date.now(), expiresAtMs: t.now + 60_000, consumableMs: 60_000 });
    expect(await tasks.advance(t.orgId, t, Date.now(), 60_000)).toEqual({ state: "denied", reason: "no" });
  });

  it("cancelled while pending: the approval is withdrawn, deciding it afterwards does not take", async () => {
    const t = await pendingTask();
    expect(await tasks.cancel(t.orgId, t, Date.now(), "cancelled by client")).toEqual({ state: "withdrawn" });
    expect(await approvals.settle(t.binding, t.approvalId, { status: "approved", reason: null, decidedBy: "u", now: Date.now(), expiresAtMs: t.now + 60_000, consumableMs: 60_000 })).toBe("cancelled");
    expect(await tasks.cancel(t.orgId, t, Date.now(), "again")).toEqual({ state: "terminal", status: "cancelled" });
  });

  it("the identical call sent again by the owner finds its working task; the owner's list has it once", async () => {
    const t = await pendingTask();
    const again = await tasks.create({ ...t.draft, taskId: `tsk_${hex()}` }, Date.now());
    expect(again).toEqual({ taskId: t.taskId, created: false });
    const listed = await tasks.list(t.orgId, "srv_1", "idn_1", 0, 50);
    expect(listed.records.map((r) => r.taskId)).toEqual([t.taskId]);
    expect((await tasks.list(t.orgId, "srv_1", "idn_other", 0, 50)).records).toEqual([]);
  });
});
