// Approval click (the REST API call) → held call released: p50/p99 over 50 runs, printed, not
// asserted (STYLE.md: speed is measured in benchmarks). Every part is real: an MCP SDK client
// calls through the proxy, the call is held, the approval.persist job stores it, the approve
// request goes through the API, Redis pub/sub wakes the proxy, the upstream answers.
//   pnpm --filter @gatehouse/e2e bench     (needs DATABASE_URL / REDIS_URL, as the tests do)
import { randomBytes } from "node:crypto";
import { createGrant, createIdentity, createPolicy, createServer, mintToken } from "@gatehouse/services";
import { startApprovalSystem } from "../system/approvals-harness.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const POLICY = {
  version: "1",
  default: "allow",
  tools: { flux_generate_image: { approve_if: [{ id: "always", conditions: [] }], approval: { hold: "60s", timeout: "10m" } } },
};

const sys = await startApprovalSystem();
try {
  const server = await createServer(sys.ctx, { name: "flux-bench", upstreamUrl: sys.upstream.url });
  const policy = await createPolicy(sys.ctx, { serverId: server.id, name: "bench", document: POLICY, publish: true });
  const identity = await createIdentity(sys.ctx, { name: "bench-agent" });
  await createGrant(sys.ctx, { identityId: identity.id, serverId: server.id, policyId: policy.policy.id });
  const token = (await mintToken(sys.ctx, { identityId: identity.id })).plaintext;
  const bundle = await sys.db.orgBundle.findUniqueOrThrow({ where: { orgId: sys.org.id } });
  await sys.waitForRevision(sys.proxy, bundle.revision);
  const key = await sys.apiKey("approver");
  const agent = await sys.connectAgent(sys.proxy.url, token, server.id);

  const latencies: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const held = agent.callTool({ name: "flux_generate_image", arguments: { prompt: `bench ${i} ${randomBytes(3).toString("hex")}` } }, undefined, { timeout: 60_000 });
    let released = 0;
    void held.then(() => {
      released = performance.now();
    });
    const request = await sys.waitForApproval({ toolName: "flux_generate_image", status: "pending" });
    const clicked = performance.now();
    const decided = await sys.api.call("POST", `/approvals/${request.id}/approve`, { key });
    if (decided.status !== 200) throw new Error(`approve answered ${decided.status}: ${decided.text}`);
    const result = await held;
    if (result.isError) throw new Error(`run ${i}: the released call failed`);
    latencies.push(released - clicked);
  }
  await agent.close();
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? Number.NaN;
  console.log(`approval click → held call released, ${RUNS} runs: p50 ${at(50).toFixed(1)} ms, p99 ${at(99).toFixed(1)} ms, max ${at(100).toFixed(1)} ms (target p99 ≤ 250 ms)`);
} finally {
  await sys.close();
}
