// Policy versions against the real enforcement path: a version published through the policy
// verbs decides the next call of the same MCP session, a rollback restores the old decision, a
// shadow version allows but logs the would-be refusal, the simulator gives the decision the proxy
// gave, and replay over the decision logs the worker wrote counts what a stricter draft changes.
import { createGrant, createIdentity, createPolicy, createPolicyVersion, createServer, mintToken, publishPolicyVersionNumber, simulatePolicy } from "@gatehouse/services";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type System, UPSTREAM_HEADER, decisionOf, startSystem, textOf, waitFor } from "./system-harness.ts";

const ALLOW = { version: "1", default: "deny", tools: { flux_edit_image: {}, flux_get_task: {} } };
const NO_EDITS = { version: "1", default: "deny", tools: { flux_edit_image: { deny_if: [{ id: "edits-off", conditions: [], on_deny: "Image edits are switched off." }] }, flux_get_task: {} } };
const EDIT_ARGS = { prompt: "make it blue", image_url: "https://example.com/cat.png", model: "flux-kontext-pro" };

let sys: System;
let client: Client;
let serverId: string;
let policyId: string;
let identityId: string;
let stopWorker: () => Promise<void>;

async function enforced(): Promise<void> {
  const bundle = await sys.db.orgBundle.findUniqueOrThrow({ where: { orgId: sys.org.id } });
  await sys.waitForRevision(bundle.revision);
}

const edit = () => client.callTool({ name: "flux_edit_image", arguments: EDIT_ARGS });

beforeAll(async () => {
  sys = await startSystem();
  const server = await createServer(sys.ctx, { name: "flux", upstreamUrl: sys.upstream.url, upstreamAuth: { headers: { [UPSTREAM_HEADER.name]: UPSTREAM_HEADER.value } } });
  serverId = server.id;
  policyId = (await createPolicy(sys.ctx, { serverId, name: "flux", document: ALLOW, publish: true })).policy.id;
  const identity = await createIdentity(sys.ctx, { name: "editor-bot" });
  identityId = identity.id;
  await createGrant(sys.ctx, { identityId, serverId, policyId });
  const { plaintext } = await mintToken(sys.ctx, { identityId });
  await enforced();
  client = await sys.connectAgent(plaintext, serverId);
  stopWorker = sys.startWorker();
}, 60_000);

afterAll(async () => {
  await client?.close().catch(() => {});
  await stopWorker?.();
  await sys?.close();
});

it("a published version decides the next call of the same session, the simulator agrees, and a rollback restores the old decision", async () => {
  const allowed = await edit();
  expect(allowed.isError, textOf(allowed)).toBeFalsy();

  const v2 = await createPolicyVersion(sys.ctx, { policyId, document: NO_EDITS, publish: true, note: "edits off" });
  expect(v2).toMatchObject({ number: 2, status: "published" });
  await enforced();
  const refused = await edit();
  expect(textOf(refused)).toBe("[POLICY DENIED] Image edits are switched off.");
  const proxyDecision = decisionOf(refused);
  expect(proxyDecision).toMatchObject({ outcome: "denied", rule: "/tools/flux_edit_image/deny_if/edits-off" });

  // The simulator, on the published version, for the same caller and call.
  const simulated = await simulatePolicy(sys.ctx, { policyId, calls: [{ identityId, tool: "flux_edit_image", arguments: EDIT_ARGS }] });
  expect(simulated.source).toEqual({ kind: "version", number: 2 });
  expect(simulated.results[0]?.decision).toMatchObject({ outcome: "deny", rule: proxyDecision?.rule, message: "Image edits are switched off." });

  await publishPolicyVersionNumber(sys.ctx, { policyId, number: 1 });
  await enforced();
  const restored = await edit();
  expect(restored.isError, textOf(restored)).toBeFalsy();
  const audit = await sys.db.auditEvent.findMany({ where: { orgId: sys.org.id, targetId: policyId }, orderBy: { createdAt: "asc" }, select: { action: true } });
  expect(audit.map((a) => a.action)).toEqual(["policy.create", "policy.publish", "policy.rollback"]);
});

it("a shadow version allows the call and the decision log records what it would have decided", async () => {
  await createPolicyVersion(sys.ctx, { policyId, document: { ...NO_EDITS, mode: "shadow" }, publish: true });
  await enforced();
  const result = await edit();
  expect(result.isError, textOf(result)).toBeFalsy();
  const rows = await waitFor(
    () => sys.db.decisionLog.findMany({ where: { orgId: sys.org.id, toolName: "flux_edit_image", shadowOutcome: { not: null } } }),
    (found) => found.length > 0,
  );
  expect(rows[0]).toMatchObject({ outcome: "allowed", shadowOutcome: "denied" });
  await publishPolicyVersionNumber(sys.ctx, { policyId, number: 1 });
  await enforced();
});

it("replay over the worker's decision logs counts the calls a stricter draft would refuse", async () => {
  const since = new Date();
  await client.callTool({ name: "flux_get_task", arguments: { task_id: "task_1" } });
  await edit();
  await edit();
  // Wait until the worker has written the three calls above.
  await waitFor(
    () => sys.db.decisionLog.count({ where: { orgId: sys.org.id, method: "tools/call", createdAt: { gte: since } } }),
    (n) => n >= 3,
  );
  const report = (await simulatePolicy(sys.ctx, { policyId, document: NO_EDITS, replay: { from: since, to: new Date(Date.now() + 1000) } })).replay;
  expect(report).toMatchObject({ scanned: 3, evaluated: 3, changed: 2, unchanged: 1, notEvaluated: 0 });
  expect(report?.changes).toEqual([{ tool: "flux_edit_image", before: "allow", after: "deny", rule: "/tools/flux_edit_image/deny_if/edits-off", count: 2, examples: expect.any(Array) }]);
});
