// Upstream-owned tasks through the proxy (ADR 0010): an SDK server registering a task-based tool
// is the upstream; a task-augmented call the policy allows is forwarded, its task id replaced by
// one the proxy mints, tasks/get and tasks/result reach the upstream task under that id — until
// the policy hides the tool, after which a request about its task is refused.
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createGrant, createIdentity, createPolicy, createPolicyVersion, createServer, mintToken } from "@gatehouse/services";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTaskStore } from "@modelcontextprotocol/sdk/experimental/tasks/stores/in-memory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CallToolResultSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApprovalSystem, startApprovalSystem } from "./approvals-harness.ts";

let sys: ApprovalSystem;
let upstream: Server;
let created = 0;
const seenTaskIds: string[] = [];
let serverId: string;
let policyId: string;
let token: string;
let agent: Client;

/** A stateless SDK server with one task-based tool, sharing one in-memory task store. */
async function startTaskUpstream(): Promise<{ server: Server; url: string }> {
  const taskStore = new InMemoryTaskStore();
  const server = createHttpServer((req, res) => {
    const mcp = new McpServer(
      { name: "task-upstream", version: "1.0.0" },
      { capabilities: { tools: {}, tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } }, taskStore },
    );
    mcp.experimental.tasks.registerToolTask(
      "slow_report",
      { description: "Writes a report in the background", execution: { taskSupport: "required" } },
      {
        createTask: async (extra) => {
          created += 1;
          const task = await extra.taskStore.createTask({ ttl: 60_000, pollInterval: 100 });
          seenTaskIds.push(task.taskId);
          // Stored straight in the shared store: the request's own server is closed by then.
          setTimeout(() => void taskStore.storeTaskResult(task.taskId, "completed", { content: [{ type: "text", text: "the report" }] }), 300);
          return { task };
        },
        getTask: async (extra) => extra.taskStore.getTask(extra.taskId),
        getTaskResult: async (extra) => extra.taskStore.getTaskResult(extra.taskId) as never,
      },
    );
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on("close", () => void transport.close().then(() => mcp.close()));
    void mcp.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp` };
}

beforeAll(async () => {
  sys = await startApprovalSystem();
  const started = await startTaskUpstream();
  upstream = started.server;
  const server = await createServer(sys.ctx, { name: "reports", upstreamUrl: started.url });
  serverId = server.id;
  const policy = await createPolicy(sys.ctx, { serverId, name: "reports", document: { version: "1", default: "allow" }, publish: true });
  policyId = policy.policy.id;
  const identity = await createIdentity(sys.ctx, { name: "agent-reports" });
  await createGrant(sys.ctx, { identityId: identity.id, serverId, policyId });
  token = (await mintToken(sys.ctx, { identityId: identity.id })).plaintext;
  const bundle = await sys.db.orgBundle.findUniqueOrThrow({ where: { orgId: sys.org.id } });
  await sys.waitForRevision(sys.proxy, bundle.revision);
  agent = await sys.connectAgent(sys.proxy.url, token, serverId);
}, 60_000);

afterAll(async () => {
  await agent?.close().catch(() => {});
  await new Promise((resolve) => upstream?.close(resolve));
  await sys?.close();
});

describe("an upstream task tool through the proxy", () => {
  it("runs as a task under a proxy-minted id; after the policy hides the tool, tasks/get for it is refused", async () => {
    const stream = agent.experimental.tasks.callToolStream({ name: "slow_report", arguments: {} }, CallToolResultSchema, { task: { ttl: 60_000 }, timeout: 30_000 });
    const messages = [];
    for await (const message of stream) messages.push(message);
    const first = messages[0];
    expect(first?.type).toBe("taskCreated");
    const taskId = first?.type === "taskCreated" ? first.task.taskId : "";
    expect(taskId).toMatch(/^upt_/);
    expect(seenTaskIds).not.toContain(taskId);
    const last = messages[messages.length - 1];
    expect(last?.type, JSON.stringify(last)).toBe("result");
    expect(last?.type === "result" ? last.result.content : null).toEqual([{ type: "text", text: "the report" }]);
    expect(created).toBe(1);
    expect((await agent.experimental.tasks.getTask(taskId)).status).toBe("completed");
    // The upstream's own id means nothing through the proxy.
    await expect(agent.experimental.tasks.getTask(seenTaskIds[0] as string)).rejects.toSatisfy((e: unknown) => e instanceof McpError && e.code === -32602);

    await createPolicyVersion(sys.ctx, { policyId, document: { version: "1", default: "allow", hide: ["slow_report"] }, publish: true });
    const bundle = await sys.db.orgBundle.findUniqueOrThrow({ where: { orgId: sys.org.id } });
    await sys.waitForRevision(sys.proxy, bundle.revision);
    await expect(agent.experimental.tasks.getTask(taskId)).rejects.toSatisfy((e: unknown) => e instanceof McpError && /POLICY DENIED/.test(e.message));
    await expect(agent.experimental.tasks.getTaskResult(taskId, CallToolResultSchema)).rejects.toSatisfy((e: unknown) => e instanceof McpError && /POLICY DENIED/.test(e.message));
  });
});
