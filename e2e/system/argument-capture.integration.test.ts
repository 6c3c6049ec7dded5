// Argument capture for replay against the real enforcement path: an SDK client's calls through the
// proxy to the demo upstream, with the server's argument capture on. The arguments travel through
// the Redis stream only encrypted, the worker stores the envelope, and replay of a stricter draft —
// a deny_if on an argument value — reports exactly the calls it would refuse, decided with the real
// arguments (argument validation included). A viewer's replay does not use the values; with
// capture off nothing new is captured.
import { randomBytes } from "node:crypto";
import { createGrant, createIdentity, createPolicy, createServer, discoverTools, mintToken, simulatePolicy, updateServer } from "@gatehouse/services";
import { createRedis, decodeDecisionEntry } from "@gatehouse/jobs";
import { decryptText } from "@gatehouse/shared/node";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { REDIS_URL, type System, UPSTREAM_HEADER, decisionOf, startSystem, textOf, waitFor } from "./system-harness.ts";

const ALLOW = { version: "1", default: "deny", tools: { flux_edit_image: {}, flux_get_task: {} } };
const NO_MAX_MODEL = {
  version: "1",
  default: "deny",
  tools: {
    flux_edit_image: { deny_if: [{ id: "no-max", conditions: [{ path: "args.model", op: "eq", value: "flux-kontext-max" }], on_deny: "Use the pro model." }] },
    flux_get_task: {},
  },
};
// Unique text: if it appears anywhere in the stream or the log in clear, capture leaked it.
const CANARY = `capture-canary-${randomBytes(6).toString("hex")}`;
const edit = (model: string) => ({ name: "flux_edit_image", arguments: { prompt: `${CANARY} make it blue`, image_url: "https://example.com/cat.png", model } });

let sys: System;
let client: Client;
let serverId: string;
let policyId: string;
let stopWorker: (() => Promise<void>) | undefined;

async function enforced(): Promise<void> {
  const bundle = await sys.db.orgBundle.findUniqueOrThrow({ where: { orgId: sys.org.id } });
  await sys.waitForRevision(bundle.revision);
}

beforeAll(async () => {
  sys = await startSystem();
  const server = await createServer(sys.ctx, { name: "flux", upstreamUrl: sys.upstream.url, upstreamAuth: { headers: { [UPSTREAM_HEADER.name]: UPSTREAM_HEADER.value } } });
  serverId = server.id;
  // Discovery stores the tools' input schemas: argument validation (enforce) applies at the proxy and in replay.
  await discoverTools(sys.ctx, { serverId });
  policyId = (await createPolicy(sys.ctx, { serverId, name: "flux", document: ALLOW, publish: true })).policy.id;
  const identity = await createIdentity(sys.ctx, { name: "capture-bot" });
  await createGrant(sys.ctx, { identityId: identity.id, serverId, policyId });
  const { plaintext } = await mintToken(sys.ctx, { identityId: identity.id });
  await enforced();
  client = await sys.connectAgent(plaintext, serverId);
}, 60_000);

afterAll(async () => {
  await client?.close().catch(() => {});
  await stopWorker?.();
  await sys?.close();
});

it("captures arguments encrypted end to end, and replay of a stricter draft reports the calls it would refuse", async () => {
  const since = new Date();
  await updateServer(sys.ctx, { serverId, captureArguments: true });
  await enforced();
  // No worker yet: the stream is inspected below before anything consumes it.
  await stopWorker?.();
  stopWorker = undefined;
  for (const call of [edit("flux-kontext-pro"), edit("flux-kontext-pro"), edit("flux-kontext-max")]) {
    const result = await client.callTool(call);
    expect(result.isError, textOf(result)).toBeFalsy();
  }
  // Refused by argument validation at the proxy (task_id must not be empty), captured all the same.
  const invalid = await client.callTool({ name: "flux_get_task", arguments: { task_id: "" } });
  expect(decisionOf(invalid)).toMatchObject({ outcome: "denied", rule: "(invalid arguments)" });

  // Before any worker runs, the entries wait in the stream: the arguments are there only sealed.
  const redis = createRedis(REDIS_URL, "worker");
  const callsIn = (found: [string, string[]][]) =>
    found.flatMap(([, fields]) => {
      const decoded = decodeDecisionEntry(fields);
      return typeof decoded === "string" ? [] : decoded.filter((e) => (e as { method?: string }).method === "tools/call");
    });
  const entries = await waitFor(
    () => redis.xrange(sys.stream.key, "-", "+"),
    (found) => callsIn(found).length >= 4,
  );
  redis.disconnect();
  const raw = callsIn(entries).map((event) => JSON.stringify(event));
  expect(raw).toHaveLength(4);
  for (const json of raw) {
    expect(json).not.toContain(CANARY);
    expect(json).not.toContain("flux-kontext");
    expect(JSON.parse(json).argsEnc).toMatch(/^v1\./);
  }

  stopWorker = sys.startWorker();
  const captured = await waitFor(
    () => sys.db.capturedArguments.findMany({ where: { orgId: sys.org.id, serverId, createdAt: { gte: since } } }),
    (rows) => rows.length >= 4,
  );
  expect(captured).toHaveLength(4);
  for (const row of captured) expect(row.argsEnc).not.toContain(CANARY);
  const models = captured.map((row) => (JSON.parse(decryptText(sys.encryptionKey, row.argsEnc)) as { model?: string }).model).sort();
  expect(models).toEqual(["flux-kontext-max", "flux-kontext-pro", "flux-kontext-pro", undefined]);
  const logs = await sys.db.decisionLog.findMany({ where: { orgId: sys.org.id, method: "tools/call", createdAt: { gte: since } } });
  expect(JSON.stringify(logs)).not.toContain(CANARY);

  const range = { from: since, to: new Date(Date.now() + 1000) };
  const report = (await simulatePolicy(sys.ctx, { policyId, document: NO_MAX_MODEL, replay: range })).replay;
  expect(report).toMatchObject({ scanned: 4, evaluated: 4, evaluatedWithArguments: 4, argumentCapture: "on", changed: 1, unchanged: 3, notEvaluated: 0 });
  expect(report?.changes).toEqual([
    { tool: "flux_edit_image", before: "allow", after: "deny", rule: "/tools/flux_edit_image/deny_if/no-max", count: 1, examples: [expect.objectContaining({ identityName: "capture-bot" })] },
  ]);

  // A viewer replays without the values: the three calls the draft decides on `args.model` cannot
  // be decided; the one argument validation refused is decided from its logged verdict (the
  // proxy's, not a guess), and the draft still refuses it.
  const asViewer = (await simulatePolicy({ ...sys.ctx, role: "viewer" }, { policyId, document: NO_MAX_MODEL, replay: range })).replay;
  expect(asViewer).toMatchObject({ scanned: 4, evaluated: 1, evaluatedWithArguments: 0, argumentCapture: "withheld", changed: 0, unchanged: 1, notEvaluated: 3 });
});

it("with capture switched off, new calls are logged but their arguments are not captured", async () => {
  const since = new Date();
  await updateServer(sys.ctx, { serverId, captureArguments: false });
  await enforced();
  stopWorker ??= sys.startWorker();
  const result = await client.callTool(edit("flux-kontext-max"));
  expect(result.isError, textOf(result)).toBeFalsy();
  const logged = await waitFor(
    () => sys.db.decisionLog.count({ where: { orgId: sys.org.id, method: "tools/call", createdAt: { gte: since } } }),
    (n) => n === 1,
  );
  expect(logged).toBe(1);
  expect(await sys.db.capturedArguments.count({ where: { orgId: sys.org.id, createdAt: { gte: since } } })).toBe(0);
  const report = (await simulatePolicy(sys.ctx, { policyId, document: NO_MAX_MODEL, replay: { from: since, to: new Date(Date.now() + 1000) } })).replay;
  expect(report).toMatchObject({ scanned: 1, evaluated: 0, evaluatedWithArguments: 0, argumentCapture: "off", notEvaluated: 1 });
  expect(report?.notEvaluatedByTool[0]?.reason).toContain("argument capture is off");
});
