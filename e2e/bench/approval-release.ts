// Approval click (the REST API call) → held call released: p50/p99 over 50 runs, printed, not
// asserted (STYLE.md: speed is measured in benchmarks). Every part is real: an MCP SDK client
// calls through the proxy, the call is held, the approval.persist job stores it, the approve
// request goes through the API, Redis pub/sub wakes the proxy, the upstream answers.
//   pnpm --filter @gatehouse/e2e bench     (needs DATABASE_URL / REDIS_URL, as the tests do)
import { randomBytes } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { createRedis, parseApprovalEvent } from "@gatehouse/jobs";
import { createGrant, createIdentity, createPolicy, createServer, mintToken } from "@gatehouse/services";
import { startApprovalSystem } from "../system/approvals-harness.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
/** Runs before the measured ones (printed apart): the first approval after start pays for JIT and cold pools. */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
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

  // Where the time goes: the decision published on Redis (what wakes the proxy), the API's answer.
  const published = new Map<string, number>();
  const listener = createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", "subscriber");
  listener.on("message", (_channel: string, message: string) => {
    const event = parseApprovalEvent(message);
    if (event?.type === "approval.decided") published.set(event.approvalId, performance.now());
  });
  await listener.subscribe(sys.approvals.channel);

  const latencies: number[] = [];
  const toPublish: number[] = [];
  const toAnswer: number[] = [];
  const cold: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const held = agent.callTool({ name: "flux_generate_image", arguments: { prompt: `bench ${i} ${randomBytes(3).toString("hex")}` } }, undefined, { timeout: 60_000 });
    let released = 0;
    void held.then(() => {
      released = performance.now();
    });
    const request = await sys.waitForApproval({ toolName: "flux_generate_image", status: "pending" });
    const clicked = performance.now();
    const decided = await sys.api.call("POST", `/approvals/${request.id}/approve`, { key });
    const answered = performance.now();
    if (decided.status !== 200) throw new Error(`approve answered ${decided.status}: ${decided.text}`);
    const result = await held;
    if (result.isError) throw new Error(`run ${i}: the released call failed`);
    if (i < WARMUP) {
      cold.push(released - clicked);
      continue;
    }
    latencies.push(released - clicked);
    toAnswer.push(answered - clicked);
    toPublish.push((published.get(request.id) ?? Number.NaN) - clicked);
  }
  await agent.close();
  listener.disconnect();
  const line = (name: string, values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
    return `${name}: p50 ${at(50).toFixed(1)} ms, p99 ${at(99).toFixed(1)} ms, max ${at(100).toFixed(1)} ms`;
  };
  console.log(`approval click → held call released, ${RUNS} runs: ${line("released", latencies).replace("released: ", "")} (target p99 ≤ 250 ms)`);
  console.log(`  breakdown — ${line("click → decision published", toPublish)}; ${line("click → API answered", toAnswer)}`);
  console.log(`  machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(" / ")} (1/5/15 min) at the end`);
  if (cold.length > 0) console.log(`  warm-up runs, not counted (ms): ${cold.map((ms) => ms.toFixed(0)).join(", ")}`);
  console.log(`  slowest measured runs (ms): ${latencies.map((ms, i) => ({ ms, i })).sort((a, b) => b.ms - a.ms).slice(0, 3).map((r) => `#${r.i} ${r.ms.toFixed(0)} (published ${toPublish[r.i]?.toFixed(0)})`).join(", ")}`);
} finally {
  await sys.close();
}
