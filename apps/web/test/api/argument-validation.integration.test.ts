// Issue 15 in the dashboard's API: the simulator and replay validate with the server's accepted
// schemas (the proxy's validators, same Ajv setup), a policy's `validate_arguments` overrides the
// server's mode, and the tools list says whether each tool's calls are validated.
import { createTestServer } from "@gatehouse/db/testing";
import { newId } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, type Tenants, createTenants, startApi } from "./support/api-harness";

let h: ApiHarness;
let t: Tenants;
let manager: string;

const FLUX_EDIT_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  properties: {
    prompt: { type: "string", minLength: 1 },
    image_url: { type: "string", format: "uri" },
    model: { type: "string", enum: ["flux-kontext-pro", "flux-kontext-max"] },
  },
  required: ["prompt", "image_url", "model"],
};
const VALID = { prompt: "make it blue", image_url: "https://example.com/a.png", model: "flux-kontext-pro" };
const ALLOW_ALL = { version: "1", default: "allow" };

beforeAll(async () => {
  h = await startApi();
  t = await createTenants(h.db);
  manager = t.orgA.keys.policy_manager;
});
afterAll(async () => h?.close());

async function insertTool(serverId: string, name: string, inputSchema: unknown, orgId = t.orgA.id) {
  await h.db.tool.create({
    data: { id: newId("tool"), orgId, serverId, name, inputSchema: inputSchema as object, riskCategory: "write", riskLevel: "medium", definitionHash: "b".repeat(64), acceptedHash: "b".repeat(64), status: "active" },
  });
}

/** A server with flux_edit_image (the demo's schema), a tool whose schema cannot compile, and one without a schema. */
async function serverWithTools(mode: "enforce" | "shadow" | "off" = "enforce") {
  const server = await createTestServer(h.db, { orgId: t.orgA.id });
  await h.db.server.update({ where: { id: server.id }, data: { argumentValidation: mode } });
  await insertTool(server.id, "flux_edit_image", FLUX_EDIT_SCHEMA);
  await insertTool(server.id, "fetch_remote", { $ref: "https://evil.example/schema.json" });
  await insertTool(server.id, "list_things", { type: "object" });
  const res = await h.call("POST", "/policies", { key: manager, body: { serverId: server.id, name: "flux", document: ALLOW_ALL, publish: true } });
  expect(res.status, res.text).toBe(201);
  return { server, policy: res.body as { id: string } };
}

async function simulate(policyId: string, body: Record<string, unknown>) {
  const res = await h.call("POST", `/policies/${policyId}/simulate`, { key: manager, body });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

describe("simulator", () => {
  it("refuses bad arguments with (invalid arguments), the paths and the validation step; valid arguments pass", async () => {
    const { policy } = await serverWithTools();
    const body = await simulate(policy.id, {
      calls: [
        { tool: "flux_edit_image", arguments: { image_url: 42, model: "flux-kontext-ultra" } },
        { tool: "flux_edit_image", arguments: VALID },
        { tool: "fetch_remote", arguments: { anything: 1 } },
      ],
    });
    const [bad, good, uncompiled] = body.results;
    expect(bad.decision).toMatchObject({ outcome: "deny", rule: "(invalid arguments)" });
    expect([...bad.decision.violationPaths].sort()).toEqual(["image_url", "model", "prompt"]);
    expect(bad.decision.message).toContain("model must be one of flux-kontext-pro, flux-kontext-max");
    expect(bad.decision.message).not.toContain("flux-kontext-ultra");
    const step = bad.trace.find((s: { stage: string }) => s.stage === "arguments");
    expect(step).toMatchObject({ rule: "(invalid arguments)", fired: true, decisive: true });
    expect(good.decision).toMatchObject({ outcome: "allow", rule: "", violationPaths: [] });
    expect(uncompiled.decision).toMatchObject({ outcome: "allow", rule: "" });
    expect(uncompiled.trace.find((s: { stage: string }) => s.stage === "arguments").reason).toContain("not validated");
  });

  it("follows a draft's validate_arguments over the server's mode, and shows shadow as a would-be refusal", async () => {
    const { policy } = await serverWithTools("off");
    const bad = { tool: "flux_edit_image", arguments: { ...VALID, model: "flux-kontext-ultra" } };
    expect((await simulate(policy.id, { calls: [bad] })).results[0].decision).toMatchObject({ outcome: "allow", rule: "" });
    const enforce = { version: "1", default: "allow", tools: { flux_edit_image: { validate_arguments: "enforce" } } };
    expect((await simulate(policy.id, { document: enforce, calls: [bad] })).results[0].decision).toMatchObject({ outcome: "deny", rule: "(invalid arguments)", violationPaths: ["model"] });
    const shadow = { version: "1", default: "allow", tools: { "flux_*": { validate_arguments: "shadow" } } };
    expect((await simulate(policy.id, { document: shadow, calls: [bad] })).results[0].decision).toMatchObject({
      outcome: "allow",
      shadow: { outcome: "deny", rule: "(invalid arguments)" },
      violationPaths: ["model"],
    });
  });
});

describe("replay", () => {
  it("takes each past call's validity from its log row: enforcing keeps a logged refusal, turning validation off would have allowed it", async () => {
    const { server, policy } = await serverWithTools();
    const base = Date.now() - 60 * 60_000;
    const row = (minutes: number, refused: boolean) => ({
      id: newId("decision"),
      orgId: t.orgA.id,
      requestId: newId("request"),
      serverId: server.id,
      method: "tools/call",
      toolName: "flux_edit_image",
      policyId: policy.id,
      outcome: refused ? ("denied" as const) : ("allowed" as const),
      rule: refused ? "(invalid arguments)" : null,
      violationPaths: refused ? ["model"] : [],
      createdAt: new Date(base + minutes * 60_000),
    });
    await h.db.decisionLog.createMany({ data: [row(1, true), row(2, false), row(3, false)] });
    const range = { from: new Date(base).toISOString(), to: new Date(base + 30 * 60_000).toISOString() };
    const same = await simulate(policy.id, { replay: range });
    expect(same.replay).toMatchObject({ scanned: 3, evaluated: 3, changed: 0 });
    const off = await simulate(policy.id, { document: { version: "1", default: "allow", tools: { flux_edit_image: { validate_arguments: "off" } } }, replay: range });
    expect(off.replay).toMatchObject({ scanned: 3, evaluated: 3, changed: 1 });
    expect(off.replay.changes).toEqual([{ tool: "flux_edit_image", before: "deny", after: "allow", rule: "", count: 1, examples: expect.any(Array) }]);
  });
});

describe("GET /servers/{id}/tools: validation per tool", () => {
  it("says which tools are validated under the server's mode, with a compile warning for a schema that cannot be used", async () => {
    const { server } = await serverWithTools();
    const res = await h.call("GET", `/servers/${server.id}/tools`, { key: t.orgA.keys.viewer });
    expect(res.status, res.text).toBe(200);
    const byName = Object.fromEntries((res.body.data as { name: string; validation: unknown }[]).map((tool) => [tool.name, tool.validation]));
    expect(byName.flux_edit_image).toEqual({ mode: "enforce", schema: "accepted", validated: true, warning: null });
    expect(byName.list_things).toEqual({ mode: "enforce", schema: "none", validated: false, warning: null });
    expect(byName.fetch_remote).toMatchObject({ mode: "enforce", schema: "invalid", validated: false, warning: expect.stringContaining("cannot be compiled") });

    await h.db.server.update({ where: { id: server.id }, data: { argumentValidation: "off" } });
    const off = await h.call("GET", `/servers/${server.id}/tools`, { key: t.orgA.keys.viewer });
    expect(off.body.data.find((tool: { name: string }) => tool.name === "flux_edit_image").validation).toEqual({ mode: "off", schema: "accepted", validated: false, warning: null });
  });

  it("answers 404 for another org's server", async () => {
    const other = await createTestServer(h.db, { orgId: t.orgB.id });
    await insertTool(other.id, "flux_edit_image", FLUX_EDIT_SCHEMA, t.orgB.id);
    expect((await h.call("GET", `/servers/${other.id}/tools`, { key: t.orgA.keys.viewer })).status).toBe(404);
  });
});
