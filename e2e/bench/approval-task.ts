// Approval click (the REST API call) → the task's result available: p50/p99 over 50 runs,
// printed, not asserted (STYLE.md: speed is measured in benchmarks). Every part is real: an MCP
// SDK client sends a task-augmented call through the proxy and gets a task at once, then waits in
// tasks/result (which blocks until the task is terminal); the approve request goes through the
// API, Redis pub/sub wakes the proxy, which consumes the approval, runs the call upstream and
// stores the result; tasks/result answers.
//   pnpm --filter @gatehouse/e2e exec tsx bench/approval-task.ts   (needs DATABASE_URL / REDIS_URL)
import { randomBytes } from "node:crypto";
import { createGrant, createIdentity, createPolicy, createServer, mintToken } from "@gatehouse/services";
import { CallToolResultSchema, CreateTaskResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { startApprovalSystem } from "../system/approvals-harness.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const POLICY = {
  version: "1",
  default: "allow",
  tools: { flux_generate_image: { approve_if: [{ id: "always", conditions: [] }], approval: { timeout: "10m", mode: "task" } } },
};

const sys = await startApprovalSystem();
try {
  const server = await createServer(sys.ctx, { name: "flux-task-bench", upstreamUrl: sys.upstream.url });
  const policy = await createPolicy(sys.ctx, { serverId: server.id, name: "bench", document: POLICY, publish: true });
  const identity = await createIdentity(sys.ctx, { name: "bench-task-agent" });
  await createGrant(sys.ctx, { identityId: identity.id, serverId: server.id, policyId: policy.policy.id });
  const token = (await mintToken(sys.ctx, { identityId: identity.id })).plaintext;
  const bundle = await sys.db.orgBundle.findUniqueOrThrow({ where: { orgId: sys.org.id } });
  await sys.waitForRevision(sys.proxy, bundle.revision);
  const key = await sys.apiKey("approver");
  const agent = await sys.connectAgent(sys.proxy.url, token, server.id);

  const latencies: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const params = { name: "flux_generate_image", arguments: { prompt: `task bench ${i} ${randomBytes(3).toString("hex")}` }, task: { ttl: 600_000 } };
    const created = await agent.request({ method: "tools/call", params }, CreateTaskResultSchema);
    const waiting = agent.experimental.tasks.getTaskResult(created.task.taskId, CallToolResultSchema, { timeout: 60_000 });
    let available = 0;
    void waiting.then(() => {
      available = performance.now();
    });
    const request = await sys.waitForApproval({ toolName: "flux_generate_image", status: "pending" });
    const clicked = performance.now();
    const decided = await sys.api.call("POST", `/approvals/${request.id}/approve`, { key });
    if (decided.status !== 200) throw new Error(`approve answered ${decided.status}: ${decided.text}`);
    const result = await waiting;
    if (result.isError) throw new Error(`run ${i}: the approved task's call failed`);
    latencies.push(available - clicked);
  }
  await agent.close();
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? Number.NaN;
  console.log(`approval click → tasks/result available, ${RUNS} runs: p50 ${at(50).toFixed(1)} ms, p99 ${at(99).toFixed(1)} ms, max ${at(100).toFixed(1)} ms`);
} finally {
  await sys.close();
}
