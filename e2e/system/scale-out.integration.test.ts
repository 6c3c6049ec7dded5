// Three proxy replicas (separate processes) behind nginx round-robin, sharing one Redis: limits
// are exact in total, a published policy reaches every replica, and stopping a replica in the
// middle of traffic loses no decision event.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createGrant, createIdentity, createPolicy, createServer, mintToken, publishPolicyVersion } from "@gatehouse/services";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChildProxy, spawnProxy } from "../../apps/proxy/test/helpers/child-proxy.ts";
import { type LoadBalancer, startNginx } from "./nginx.ts";
import { REDIS_URL, UPSTREAM_HEADER, awayFromMinuteBoundary, connectClient, decisionOf, startControlPlane, waitFor } from "./system-harness.ts";

const FLUX_POLICY = {
  version: "1",
  default: "deny",
  tools: {
    flux_edit_image: { limits: [{ counter: "flux_edit_image_rate", window: "minute", max: 30, scope: "grant" }] },
    flux_list_tasks: {},
  },
};
const EDIT_ARGS = { prompt: "make it blue", image_url: "https://example.com/cat.png", model: "flux-kontext-pro" };

let cp: Awaited<ReturnType<typeof startControlPlane>>;
let replicas: ChildProxy[] = [];
let lb: LoadBalancer;
let serverId: string;
let policyId: string;
let token: string;
let stopWorker: () => Promise<void>;
const clients: Client[] = [];

async function revisionsOf(): Promise<number[]> {
  return Promise.all(
    replicas.map(async (r) => {
      const status = (await (await fetch(`${r.opsUrl}/status`)).json()) as { orgs: { orgId: string; revision: number }[] };
      return status.orgs.find((o) => o.orgId === cp.org.id)?.revision ?? 0;
    }),
  );
}

async function bundleRevision(): Promise<number> {
  return (await cp.db.orgBundle.findUniqueOrThrow({ where: { orgId: cp.org.id } })).revision;
}

beforeAll(async () => {
  cp = await startControlPlane();
  const server = await createServer(cp.ctx, {
    name: "flux",
    upstreamUrl: cp.upstream.url,
    upstreamAuth: { headers: { [UPSTREAM_HEADER.name]: UPSTREAM_HEADER.value } },
  });
  serverId = server.id;
  policyId = (await createPolicy(cp.ctx, { serverId, name: "flux", document: FLUX_POLICY, publish: true })).policy.id;
  const identity = await createIdentity(cp.ctx, { name: "scaled-agent" });
  await createGrant(cp.ctx, { identityId: identity.id, serverId, policyId });
  token = (await mintToken(cp.ctx, { identityId: identity.id })).plaintext;
  const revision = await bundleRevision();

  replicas = await Promise.all(
    [0, 1, 2].map(async (i) =>
      spawnProxy({
        GATEHOUSE_CONTROL_PLANE_URL: cp.controlPlaneUrl,
        GATEHOUSE_PROXY_SECRET: cp.proxySecret,
        GATEHOUSE_ENCRYPTION_KEY: cp.encryptionKey.toString("hex"),
        REDIS_URL,
        GATEHOUSE_PROXY_STATE_DIR: await mkdtemp(path.join(tmpdir(), `gatehouse-replica-${i}-`)),
        GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: "true",
        GATEHOUSE_DECISION_STREAM: cp.stream.key,
        GATEHOUSE_PROXY_ID: `replica-${i}`,
        GATEHOUSE_LOG_LEVEL: "info",
      }),
    ),
  );
  const atRevision = await waitFor(revisionsOf, (rs) => rs.every((r) => r >= revision));
  expect(atRevision.every((r) => r >= revision)).toBe(true);
  lb = await startNginx(replicas.map((r) => r.url));
  for (let i = 0; i < 4; i++) clients.push(await connectClient(lb.url, token, serverId));
  stopWorker = cp.startWorker();
}, 90_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => {})));
  await lb?.close();
  await Promise.all(replicas.map((r) => r.stop()));
  await stopWorker?.();
  await cp?.close();
});

describe("three replicas behind a round-robin load balancer", () => {
  it("holds the flux limit in total: 40 concurrent edits from four sessions, 30 allowed, 10 rate_limited", { timeout: 90_000 }, async () => {
    await awayFromMinuteBoundary();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => clients[i % 4]!.callTool({ name: "flux_edit_image", arguments: { ...EDIT_ARGS, prompt: `edit ${i}` } })),
    );
    const outcomes = results.map((r) => decisionOf(r)?.outcome ?? (r.isError ? "error" : "allowed"));
    expect(outcomes.filter((o) => o === "allowed")).toHaveLength(30);
    expect(outcomes.filter((o) => o === "rate_limited")).toHaveLength(10);
    expect(cp.upstream.stats().calls.flux_edit_image).toBe(30);
  });

  it("enforces a newly published policy on every replica", async () => {
    const editsBefore = cp.upstream.stats().calls.flux_edit_image ?? 0;
    await publishPolicyVersion(cp.ctx, { policyId, document: { version: "1", default: "deny", tools: { flux_list_tasks: {} } } });
    const revision = await bundleRevision();
    const reached = await waitFor(revisionsOf, (rs) => rs.every((r) => r >= revision));
    expect(reached).toEqual([revision, revision, revision]);
    // Round robin: three consecutive calls reach three different replicas.
    for (let i = 0; i < 3; i++) {
      const result = await clients[0]!.callTool({ name: "flux_edit_image", arguments: EDIT_ARGS });
      expect(decisionOf(result)).toMatchObject({ outcome: "denied", rule: "(default deny)" });
    }
    expect(cp.upstream.stats().calls.flux_edit_image ?? 0).toBe(editsBefore);
  });

  it("loses no decision event when a replica is stopped in the middle of traffic", async () => {
    const failures: string[] = [];
    // Every tool call a replica answered must leave exactly one decision row.
    let answered = 0;
    let stopRequested = false;
    const callsAfterStop = { count: 0 };
    const loop = async (client: Client) => {
      for (let i = 0; i < 40; i++) {
        try {
          const result = await client.callTool({ name: "flux_list_tasks", arguments: {} });
          answered++;
          if (stopRequested) callsAfterStop.count++;
          expect(result.isError, JSON.stringify(result)).toBeFalsy();
        } catch (error) {
          failures.push(String(error));
        }
      }
    };
    const traffic = Promise.all(clients.map(loop));
    await waitFor(
      async () => answered,
      (n) => n >= 40,
    );
    stopRequested = true;
    await replicas[1]!.stop();
    await traffic;

    expect(callsAfterStop.count).toBeGreaterThan(0);
    expect(failures).toEqual([]);
    const rows = await waitFor(
      () => cp.db.decisionLog.count({ where: { orgId: cp.org.id, method: "tools/call", toolName: "flux_list_tasks" } }),
      (n) => n >= answered,
      20_000,
    );
    expect(rows).toBe(answered);
  }, 90_000);
});
