// Issue 15: calls checked against the tool's accepted inputSchema at the proxy. SDK clients
// through the proxy, the real demo upstream (its own published schema), real Redis limits and
// the real decision stream.
import { type DemoUpstream, startDemoUpstream } from "@gatehouse/demo-upstream";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProxyHandle } from "../src/proxy.ts";
import type { TestControlPlane } from "./helpers/control-plane.ts";
import { type Agent, callTool, connectAgent, decisionMeta, EDIT_ARGS, FLUX_POLICY, readDecisionEvents, streamCursor, textOf, waitFor } from "./helpers/harness.ts";
import type { TestOrg } from "./helpers/org.ts";
import { type ProxyStack, startProxyStack } from "./helpers/proxy-stack.ts";

async function publishedSchemas(url: string): Promise<Record<string, unknown>> {
  const client = new Client({ name: "schema-reader", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  const { tools } = await client.listTools();
  await client.close();
  return Object.fromEntries(tools.map((t) => [t.name, t.inputSchema]));
}

describe("argument validation through the proxy", () => {
  let upstream: DemoUpstream;
  let stack: ProxyStack;
  let cp: TestControlPlane;
  let proxy: ProxyHandle;
  let redis: Redis;
  let org: TestOrg;
  let schemas: Record<string, unknown>;
  const agents: Agent[] = [];

  beforeAll(async () => {
    upstream = await startDemoUpstream();
    schemas = await publishedSchemas(upstream.url);
    stack = await startProxyStack({ upstreamUrl: upstream.url, policy: FLUX_POLICY, server: { inputSchemas: schemas } });
    ({ cp, proxy, redis, org } = stack);
  });

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.close().catch(() => {})));
    await stack?.close();
    await upstream?.close();
  });

  async function agent(): Promise<Agent> {
    const a = await connectAgent(`${proxy.url}${org.mcpPath}`, org.identities[0]!.token);
    agents.push(a);
    return a;
  }

  async function limitKeys(): Promise<string[]> {
    return (await redis.keys(`*${org.orgId}*`)).filter((k) => k.includes("flux_edit_image_rate"));
  }

  it("refuses invalid flux_edit_image arguments with (invalid arguments) and paths; nothing reaches the upstream, no quota taken", async () => {
    const since = streamCursor();
    const a = await agent();
    const before = upstream.stats().calls.flux_edit_image ?? 0;
    const result = await callTool(a, "flux_edit_image", { image_url: 42, model: "flux-kontext-ultra" });
    expect(result.isError).toBe(true);
    expect(decisionMeta(result)).toMatchObject({ outcome: "denied", rule: "(invalid arguments)" });
    const text = textOf(result);
    expect(text).toContain("model must be one of flux-kontext-pro, flux-kontext-max");
    expect(text).toContain("prompt is required");
    expect(text).toContain("image_url must be string");
    expect(upstream.stats().calls.flux_edit_image ?? 0).toBe(before);
    expect(await limitKeys()).toEqual([]);
    const events = await waitFor(async () => {
      const all = (await readDecisionEvents(redis, proxy, org.orgId, since)).filter((e) => e.rule === "(invalid arguments)");
      return all.length > 0 ? all : undefined;
    });
    expect(events[0]!.outcome).toBe("denied");
    expect(events[0]!.message).toContain("image_url");
    // The paths ride in their own field (for the decision log's detail), never the values.
    expect([...(events[0]!.violationPaths ?? [])].sort()).toEqual(["image_url", "model", "prompt"]);
    expect(JSON.stringify(events[0])).not.toContain("flux-kontext-ultra");

    const valid = await callTool(a, "flux_edit_image", EDIT_ARGS);
    expect(valid.isError, textOf(valid)).toBeFalsy();
    expect(upstream.stats().calls.flux_edit_image ?? 0).toBe(before + 1);
    expect((await limitKeys()).length).toBeGreaterThan(0);
  });

  it("shadow forwards and logs what would have been refused; off forwards silently", async () => {
    for (const mode of ["shadow", "off"] as const) {
      const since = streamCursor();
      org.draft.servers[0]!.argumentValidation = mode;
      cp.put(org.bundle());
      await proxy.bundles.refresh(org.orgId);
      await waitFor(() => (proxy.store.findServer(org.serverId)?.server.argumentValidation === mode ? true : undefined), 10_000, `bundle with ${mode}`);
      const a = await agent();
      const before = upstream.stats().calls.flux_edit_image ?? 0;
      const result = await callTool(a, "flux_edit_image", { ...EDIT_ARGS, model: "flux-kontext-ultra" });
      expect(upstream.stats().calls.flux_edit_image ?? 0).toBe(before + 1);
      expect(decisionMeta(result)?.rule ?? null).not.toBe("(invalid arguments)");
      if (mode === "shadow") {
        const event = await waitFor(async () => (await readDecisionEvents(redis, proxy, org.orgId, since)).find((e) => e.rule === "(invalid arguments)"));
        // Forwarded (the upstream then rejects it itself: upstream_error), logged with the would-be refusal.
        expect(event).toMatchObject({ shadowOutcome: "denied", toolName: "flux_edit_image", violationPaths: ["model"] });
        expect(event.outcome).not.toBe("denied");
      } else {
        expect(result.isError ?? false).toBe(true); // the upstream's own validation answered
        expect(textOf(result)).not.toContain("(invalid arguments)");
      }
    }
  });

  it("a policy's validate_arguments overrides the server's mode for its tool: enforce under off, off under enforce", async () => {
    const bad = { ...EDIT_ARGS, model: "flux-kontext-ultra" };
    const withOverride = (mode: "enforce" | "off") => ({
      ...FLUX_POLICY,
      tools: { flux_edit_image: { ...FLUX_POLICY.tools.flux_edit_image, validate_arguments: mode } },
    });
    // Server off, the policy enforces for flux_edit_image: refused, nothing forwarded.
    org.draft.servers[0]!.argumentValidation = "off";
    org.setPolicyDocument(withOverride("enforce"));
    cp.put(org.bundle());
    await proxy.bundles.refresh(org.orgId);
    await waitFor(() => (proxy.store.findServer(org.serverId)?.server.argumentValidation === "off" ? true : undefined), 10_000, "bundle with off");
    const a = await agent();
    await waitFor(async () => (decisionMeta(await callTool(a, "flux_edit_image", bad))?.rule === "(invalid arguments)" ? true : undefined), 10_000, "policy override applied");
    const before = upstream.stats().calls.flux_edit_image ?? 0;
    expect(decisionMeta(await callTool(a, "flux_edit_image", bad))).toMatchObject({ outcome: "denied", rule: "(invalid arguments)" });
    expect(upstream.stats().calls.flux_edit_image ?? 0).toBe(before);

    // Server enforces, the policy turns it off for flux_edit_image: forwarded unchecked.
    org.draft.servers[0]!.argumentValidation = undefined;
    org.setPolicyDocument(withOverride("off"));
    cp.put(org.bundle());
    await proxy.bundles.refresh(org.orgId);
    const forwarded = await waitFor(async () => {
      const r = await callTool(a, "flux_edit_image", bad);
      return decisionMeta(r)?.rule !== "(invalid arguments)" ? r : undefined;
    }, 10_000, "policy off applied");
    expect(textOf(forwarded)).not.toContain("(invalid arguments)");
    expect(upstream.stats().calls.flux_edit_image ?? 0).toBeGreaterThan(before);
    org.setPolicyDocument(FLUX_POLICY);
    cp.put(org.bundle());
    await proxy.bundles.refresh(org.orgId);
  });

  it("hostile schemas leave their tools unvalidated; the proxy keeps serving", async () => {
    const big: Record<string, unknown> = {};
    for (let i = 0; i < 5000; i++) big[`p${i}`] = { type: "string", description: "x".repeat(60) };
    org.draft.servers[0]!.argumentValidation = undefined;
    org.draft.servers[0]!.inputSchemas = {
      ...schemas,
      flux_get_task: { $ref: "https://evil.example/schema.json" },
      flux_list_tasks: { type: "object", properties: big },
      flux_cancel_task: { type: "object", properties: { task_id: { type: "string", pattern: "(a)\\1" } } },
      flux_generate_image: { type: "object", properties: { prompt: { type: "string", pattern: "^(a+)+$" } } },
    };
    cp.put(org.bundle());
    await proxy.bundles.refresh(org.orgId);
    await waitFor(() => (proxy.store.findServer(org.serverId)?.server.inputSchemas?.flux_get_task ? true : undefined), 10_000, "hostile bundle");
    const entry = proxy.store.findServer(org.serverId)!;
    const warned = [...(entry.validators?.tools ?? new Map()).entries()].filter(([, c]) => !c.ok).map(([name]) => name).sort();
    expect(warned).toEqual(["flux_cancel_task", "flux_get_task", "flux_list_tasks"]);
    const a = await agent();
    // The catastrophic pattern runs in linear time under RE2: a refusal, promptly.
    // (flux_generate_image is default-denied by the flux policy, so its compiled validator is checked directly.)
    const generate = entry.validators?.tools.get("flux_generate_image");
    expect(generate?.ok && generate.validate({ prompt: `${"a".repeat(30_000)}!` }).ok).toBe(false);
    // Still serving, and validated tools still validated.
    expect((await callTool(a, "flux_edit_image", EDIT_ARGS)).isError).toBeFalsy();
    expect(decisionMeta(await callTool(a, "flux_edit_image", { ...EDIT_ARGS, model: "x" }))).toMatchObject({ rule: "(invalid arguments)" });
  });
});
