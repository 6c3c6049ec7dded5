// Approvals as MCP Tasks (POLICY-LANGUAGE.md "Approvals", approval.mode; ADR 0010), every part
// real: an MCP SDK client's task-augmented call gets a proxy-owned task at once, a human decides
// through the REST API, the task ends with the upstream's result (run exactly once) or the
// refusal; the client cancels; tasks are bound to their identity; two proxy processes share a
// task and a restart loses nothing.
import { randomBytes } from "node:crypto";
import { createGrant, createIdentity, createPolicy, createServer, mintToken } from "@gatehouse/services";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { CallToolResultSchema, type CallToolResult, CreateTaskResultSchema, McpError, type Task, TaskStatusNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChildProxy, spawnProxy } from "../../apps/proxy/test/helpers/child-proxy.ts";
import { type ApprovalSystem, startApprovalSystem } from "./approvals-harness.ts";

const POLICY = {
  version: "1",
  default: "allow",
  tools: {
    flux_generate_image: { approve_if: [{ id: "always", conditions: [] }], approval: { hold: "1s", timeout: "10m" } },
    // Expires almost at once.
    flux_cancel_task: { approve_if: [{ id: "always", conditions: [] }], approval: { hold: "1s", timeout: "2s" } },
    // Held, never a task, even when the client asks for one.
    flux_edit_image: { approve_if: [{ id: "always", conditions: [] }], approval: { hold: "1s", timeout: "10m", mode: "hold" } },
  },
};

let sys: ApprovalSystem;
let serverId: string;
let token: string;
let otherToken: string;
let approverKey: string;
let agent: Client;
let other: Client;

type Meta = { outcome: string; approval_id: string | null };
const meta = (r: unknown) => ((r as CallToolResult)._meta as Record<string, Meta> | undefined)?.["gatehouse/decision"];
const text = (r: unknown) => {
  const first = (r as CallToolResult).content?.[0];
  return first?.type === "text" ? first.text : "";
};
const calls = (tool: string) => sys.upstream.stats().calls[tool] ?? 0;
const unique = () => randomBytes(4).toString("hex");
const imageArgs = () => ({ prompt: `a task ${unique()}`, width: 512, height: 512 });

type StreamMessage = { type: string; task?: { taskId: string; status: string; statusMessage?: string }; result?: unknown; error?: unknown };

/** Starts a task-augmented call; returns the first message (taskCreated) and the rest of the stream. */
async function startTask(client: Client, name: string, args: Record<string, unknown>) {
  const stream = client.experimental.tasks.callToolStream({ name, arguments: args }, CallToolResultSchema, { task: { ttl: 60_000 }, timeout: 30_000 }) as AsyncGenerator<StreamMessage>;
  const first = await stream.next();
  expect(first.done).toBe(false);
  const created = first.value as StreamMessage;
  expect(created.type, JSON.stringify(created)).toBe("taskCreated");
  const rest = async (): Promise<StreamMessage> => {
    let last: StreamMessage | undefined;
    for await (const message of stream) last = message;
    return last as StreamMessage;
  };
  return { task: created.task as { taskId: string; status: string; statusMessage?: string }, rest };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  sys = await startApprovalSystem();
  const server = await createServer(sys.ctx, { name: "flux", upstreamUrl: sys.upstream.url });
  serverId = server.id;
  const policy = await createPolicy(sys.ctx, { serverId, name: "approval-tasks", document: POLICY, publish: true });
  const identity = await createIdentity(sys.ctx, { name: "agent-tasks" });
  await createGrant(sys.ctx, { identityId: identity.id, serverId, policyId: policy.policy.id });
  token = (await mintToken(sys.ctx, { identityId: identity.id })).plaintext;
  const second = await createIdentity(sys.ctx, { name: "agent-tasks-other" });
  await createGrant(sys.ctx, { identityId: second.id, serverId, policyId: policy.policy.id });
  otherToken = (await mintToken(sys.ctx, { identityId: second.id })).plaintext;
  const bundle = await sys.db.orgBundle.findUniqueOrThrow({ where: { orgId: sys.org.id } });
  await sys.waitForRevision(sys.proxy, bundle.revision);
  approverKey = await sys.apiKey("approver");
  agent = await sys.connectAgent(sys.proxy.url, token, serverId);
  other = await sys.connectAgent(sys.proxy.url, otherToken, serverId);
}, 60_000);

afterAll(async () => {
  await agent?.close().catch(() => {});
  await other?.close().catch(() => {});
  await sys?.close();
});

describe("a task-augmented call waiting for a human", () => {
  it("gets a task at once; approved through the API, the stream ends with the upstream's result, run exactly once", async () => {
    const before = calls("flux_generate_image");
    const { task, rest } = await startTask(agent, "flux_generate_image", imageArgs());
    expect(task.taskId).toMatch(/^tsk_/);
    expect(task.status).toBe("working");
    const request = await sys.waitForApproval({ toolName: "flux_generate_image", status: "pending" });
    expect(task.statusMessage).toContain(request.id);
    expect(calls("flux_generate_image")).toBe(before);
    // The inbox knows an agent waits on this request as a task.
    const shown = await sys.api.call("GET", `/approvals/${request.id}`, { key: approverKey });
    expect(shown.body).toMatchObject({ status: "pending", taskId: task.taskId });
    expect((await sys.api.call("POST", `/approvals/${request.id}/approve`, { key: approverKey, body: { reason: "fine" } })).status).toBe(200);
    const last = await rest();
    expect(last.type, JSON.stringify(last)).toBe("result");
    expect((last.result as CallToolResult).isError, text(last.result)).toBeFalsy();
    expect(calls("flux_generate_image")).toBe(before + 1);
    // Fetched again: the stored result, the same, and still one upstream call.
    const again = await agent.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
    expect(again.content).toEqual((last.result as CallToolResult).content);
    expect(calls("flux_generate_image")).toBe(before + 1);
    await expect(sys.waitForApproval({ id: request.id, status: "consumed" })).resolves.toMatchObject({ id: request.id });
  });

  it("denied: the task completes with the approval_denied refusal and nothing reaches the upstream", async () => {
    const before = calls("flux_generate_image");
    const { rest } = await startTask(agent, "flux_generate_image", imageArgs());
    const request = await sys.waitForApproval({ toolName: "flux_generate_image", status: "pending" });
    expect((await sys.api.call("POST", `/approvals/${request.id}/deny`, { key: approverKey, body: { reason: "not today" } })).status).toBe(200);
    const last = await rest();
    expect(last.type).toBe("result");
    expect(text(last.result)).toMatch(/^\[APPROVAL DENIED\] .*not today/);
    expect(meta(last.result)).toMatchObject({ outcome: "approval_denied", approval_id: request.id });
    expect(calls("flux_generate_image")).toBe(before);
  });

  it("expired: the task completes with approval_expired", async () => {
    const { rest } = await startTask(agent, "flux_cancel_task", { task_id: `task_${unique()}` });
    const last = await rest();
    expect(last.type).toBe("result");
    expect(text(last.result)).toMatch(/^\[APPROVAL EXPIRED\]/);
    expect(meta(last.result)?.outcome).toBe("approval_expired");
    expect(calls("flux_cancel_task")).toBe(0);
  });

  it("cancelled by the client: the approval request is withdrawn, and deciding it is a 409", async () => {
    const before = calls("flux_generate_image");
    const { task } = await startTask(agent, "flux_generate_image", imageArgs());
    const request = await sys.waitForApproval({ toolName: "flux_generate_image", status: "pending" });
    const cancelled = await agent.experimental.tasks.cancelTask(task.taskId);
    expect(cancelled.status).toBe("cancelled");
    await sys.waitForApproval({ id: request.id, status: "cancelled" });
    expect((await sys.api.call("POST", `/approvals/${request.id}/approve`, { key: approverKey })).status).toBe(409);
    expect((await agent.experimental.tasks.getTask(task.taskId)).status).toBe("cancelled");
    await expect(agent.experimental.tasks.cancelTask(task.taskId)).rejects.toThrow(/terminal/);
    expect(calls("flux_generate_image")).toBe(before);
  });

  it('approval.mode "hold": a task-augmented call is held and answered approval_pending, not a task', async () => {
    const result = await agent.request({ method: "tools/call", params: { name: "flux_edit_image", arguments: { prompt: `hold ${unique()}`, image_url: "https://example.com/a.png" }, task: {} } }, CallToolResultSchema, { timeout: 30_000 });
    expect(meta(result)?.outcome).toBe("approval_pending");
    expect(text(result)).toMatch(/^\[APPROVAL PENDING\]/);
  });
});

describe("status notifications on an open stream", () => {
  it("a waiting tasks/result is a stream: the client hears the task working, then completed, before the upstream's result", async () => {
    const watcher = await sys.connectAgent(sys.proxy.url, token, serverId);
    const heard: Task[] = [];
    watcher.setNotificationHandler(TaskStatusNotificationSchema, (n) => {
      heard.push(n.params);
    });
    try {
      const before = calls("flux_generate_image");
      const created = await watcher.request({ method: "tools/call", params: { name: "flux_generate_image", arguments: imageArgs(), task: { ttl: 60_000 } } }, CreateTaskResultSchema);
      const taskId = created.task.taskId;
      const request = await sys.waitForApproval({ toolName: "flux_generate_image", status: "pending" });
      const pending = watcher.experimental.tasks.getTaskResult(taskId, CallToolResultSchema, { timeout: 30_000 });
      // The stream opens with the task as it stands: tasks/result is now waiting on it.
      const opened = await until(
        async () => heard.filter((t) => t.taskId === taskId),
        (mine) => mine.length > 0,
      );
      expect(opened[0]).toMatchObject({ taskId, status: "working" });
      expect(opened[0]?.statusMessage).toContain(request.id);
      expect((await sys.api.call("POST", `/approvals/${request.id}/approve`, { key: approverKey })).status).toBe(200);
      const result = await pending;
      expect(result.isError, text(result)).toBeFalsy();
      const mine = heard.filter((t) => t.taskId === taskId);
      expect(mine.at(-1), JSON.stringify(mine)).toMatchObject({ taskId, status: "completed", ttl: created.task.ttl, createdAt: created.task.createdAt });
      // Each notification is a change: no status is repeated back to back.
      expect(mine.every((t, i) => i === 0 || t.status !== mine[i - 1]?.status || t.statusMessage !== mine[i - 1]?.statusMessage)).toBe(true);
      expect((await watcher.experimental.tasks.getTask(taskId)).status).toBe("completed");
      expect(calls("flux_generate_image")).toBe(before + 1);
    } finally {
      await watcher.close().catch(() => {});
    }
  });

  it("cancelled while tasks/result waits: the stream tells cancelled, then answers the cancellation; nothing reaches the upstream", async () => {
    const watcher = await sys.connectAgent(sys.proxy.url, token, serverId);
    const heard: Task[] = [];
    watcher.setNotificationHandler(TaskStatusNotificationSchema, (n) => {
      heard.push(n.params);
    });
    try {
      const before = calls("flux_generate_image");
      const created = await watcher.request({ method: "tools/call", params: { name: "flux_generate_image", arguments: imageArgs(), task: { ttl: 60_000 } } }, CreateTaskResultSchema);
      const taskId = created.task.taskId;
      const pending = watcher.experimental.tasks.getTaskResult(taskId, CallToolResultSchema, { timeout: 30_000 });
      const settled = pending.then(
        () => null,
        (error: unknown) => error,
      );
      await until(
        async () => heard.filter((t) => t.taskId === taskId),
        (mine) => mine.length > 0,
      );
      expect((await watcher.experimental.tasks.cancelTask(taskId)).status).toBe("cancelled");
      const error = await settled;
      expect(error instanceof McpError && /cancelled/.test(error.message), String(error)).toBe(true);
      expect(heard.filter((t) => t.taskId === taskId).at(-1)).toMatchObject({ taskId, status: "cancelled" });
      expect(calls("flux_generate_image")).toBe(before);
    } finally {
      await watcher.close().catch(() => {});
    }
  });
});

describe("tasks belong to their identity", () => {
  it("another identity's tasks/get, tasks/result and tasks/cancel get not-found; tasks/list shows only the caller's", async () => {
    const { task } = await startTask(agent, "flux_generate_image", imageArgs());
    const notFound = (p: Promise<unknown>) => expect(p).rejects.toSatisfy((e: unknown) => e instanceof McpError && e.code === -32602 && /not found/i.test(e.message));
    await notFound(other.experimental.tasks.getTask(task.taskId));
    await notFound(other.experimental.tasks.cancelTask(task.taskId));
    await notFound(other.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema));
    const theirs = await other.experimental.tasks.listTasks();
    expect(theirs.tasks.map((t) => t.taskId)).not.toContain(task.taskId);
    const mine = await agent.experimental.tasks.listTasks();
    expect(mine.tasks.map((t) => t.taskId)).toContain(task.taskId);
    // Still the owner's, untouched by the attempts.
    expect((await agent.experimental.tasks.getTask(task.taskId)).status).toBe("working");
    await agent.experimental.tasks.cancelTask(task.taskId);
  });
});

describe("replicas and restarts", () => {
  const children: ChildProxy[] = [];
  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop()));
  });

  it("created on one proxy process, polled on another, that one restarted mid-task: approved, the upstream still sees one call", async () => {
    const first = await spawnProxy(await sys.childProxyEnv());
    children.push(first);
    let second = await spawnProxy(await sys.childProxyEnv());
    children.push(second);
    const onFirst = await sys.connectAgent(first.url, token, serverId);
    let onSecond = await sys.connectAgent(second.url, token, serverId);
    try {
      const before = calls("flux_generate_image");
      const { task } = await startTask(onFirst, "flux_generate_image", imageArgs());
      expect((await onSecond.experimental.tasks.getTask(task.taskId)).status).toBe("working");
      const request = await sys.waitForApproval({ toolName: "flux_generate_image", status: "pending" });
      // The replica that will answer is restarted while the task waits.
      await onSecond.close().catch(() => {});
      await second.stop();
      second = await spawnProxy(await sys.childProxyEnv());
      children.push(second);
      onSecond = await sys.connectAgent(second.url, token, serverId);
      expect((await onSecond.experimental.tasks.getTask(task.taskId)).status).toBe("working");
      expect((await sys.api.call("POST", `/approvals/${request.id}/approve`, { key: approverKey })).status).toBe(200);
      const done = await until(
        () => onSecond.experimental.tasks.getTask(task.taskId),
        (t) => t.status !== "working",
      );
      expect(done.status).toBe("completed");
      const result = await onSecond.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
      expect(result.isError, text(result)).toBeFalsy();
      expect(calls("flux_generate_image")).toBe(before + 1);
      // And the first replica answers the same.
      expect((await onFirst.experimental.tasks.getTask(task.taskId)).status).toBe("completed");
    } finally {
      await onFirst.close().catch(() => {});
      await onSecond.close().catch(() => {});
    }
  }, 90_000);
});
