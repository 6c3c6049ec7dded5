// The policy family's behaviour over real HTTP: validation with every path, versions, publish and
// rollback (audited, the bundle follows), diff, Intercept import, the simulator and replay.
import { createTestIdentity, createTestServer } from "@gatehouse/db/testing";
import { newId } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, type Tenants, createTenants, startApi } from "./support/api-harness";

let h: ApiHarness;
let t: Tenants;
let manager: string;

const DENY_FLUX = { version: "1", default: "allow", tools: { flux_edit_image: { action: "deny", reason: "No image edits." } } };
const ALLOW_ALL = { version: "1", default: "allow" };

beforeAll(async () => {
  h = await startApi();
  t = await createTenants(h.db);
  manager = t.orgA.keys.policy_manager;
});
afterAll(async () => h?.close());

async function newPolicy(document: unknown = ALLOW_ALL, publish = true) {
  const server = await createTestServer(h.db, { orgId: t.orgA.id });
  const res = await h.call("POST", "/policies", { key: manager, body: { serverId: server.id, name: "flux", document, publish } });
  expect(res.status, res.text).toBe(201);
  return { server, policy: res.body as { id: string } };
}

/** The version of this policy in the org's stored enforcement bundle: what proxies enforce. */
async function publishedDocumentInBundle(policyId: string): Promise<unknown> {
  const bundle = await h.db.orgBundle.findUnique({ where: { orgId: t.orgA.id } });
  const policies = (bundle?.body as { policies?: { id: string; versionNumber: number; document: unknown }[] } | undefined)?.policies ?? [];
  return policies.find((p) => p.id === policyId);
}

describe("validation", () => {
  it("refuses an invalid document with 400 and every error at its path, and writes nothing", async () => {
    const { policy } = await newPolicy();
    const bad = {
      version: "1",
      default: "sometimes",
      tools: { flux_edit_image: { limits: [{ counter: "c", window: "fortnight", max: -5, scope: "grant" }], deny_if: [{ conditions: [{ path: "args.x", op: "bigger", value: 1 }] }] } },
      colour: "red",
    };
    const res = await h.call("POST", `/policies/${policy.id}/versions`, { key: manager, body: { document: bad } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    const paths = (res.body.error.details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(["default", "tools.flux_edit_image.limits[0].window", "tools.flux_edit_image.limits[0].max", "tools.flux_edit_image.deny_if[0].conditions[0].op"]),
    );
    expect(paths.some((p) => p === "colour" || p === "")).toBe(true);
    const versions = await h.call("GET", `/policies/${policy.id}/versions`, { key: manager });
    expect(versions.body.data).toHaveLength(1);

    const checked = await h.call("POST", "/policies/validate", { key: t.orgA.keys.viewer, body: { document: bad } });
    expect(checked.status).toBe(200);
    expect(checked.body.ok).toBe(false);
    expect(checked.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(paths));
    expect((await h.call("POST", "/policies/validate", { key: t.orgA.keys.viewer, body: { document: DENY_FLUX } })).body).toEqual({ ok: true, errors: [] });
  });
});

describe("versions, publish and rollback", () => {
  it("saves drafts without changing what is enforced, publishes one, rolls back to an earlier one, and audits each step", async () => {
    const { policy } = await newPolicy(ALLOW_ALL, true);
    expect(await publishedDocumentInBundle(policy.id)).toMatchObject({ document: ALLOW_ALL });

    const draft = await h.call("POST", `/policies/${policy.id}/versions`, { key: manager, body: { document: DENY_FLUX, note: "no image edits" } });
    expect(draft.status, draft.text).toBe(201);
    expect(draft.body).toMatchObject({ number: 2, status: "draft", note: "no image edits", document: DENY_FLUX });
    let detail = await h.call("GET", `/policies/${policy.id}`, { key: t.orgA.keys.viewer });
    expect(detail.body).toMatchObject({ publishedVersion: { number: 1 }, latestVersion: { number: 2, status: "draft" }, versionCount: 2 });
    expect(await publishedDocumentInBundle(policy.id)).toMatchObject({ document: ALLOW_ALL });

    // Publish v2 with no body at all.
    const published = await h.call("POST", `/policies/${policy.id}/versions/2/publish`, { key: manager });
    expect(published.status, published.text).toBe(200);
    expect(published.body).toMatchObject({ number: 2, status: "published" });
    detail = await h.call("GET", `/policies/${policy.id}`, { key: manager });
    expect(detail.body.published).toMatchObject({ number: 2, document: DENY_FLUX });
    expect(await publishedDocumentInBundle(policy.id)).toMatchObject({ document: DENY_FLUX });

    // Roll back to v1.
    const rolledBack = await h.call("POST", `/policies/${policy.id}/versions/1/publish`, { key: manager, body: { note: "too strict" } });
    expect(rolledBack.status, rolledBack.text).toBe(200);
    expect(await publishedDocumentInBundle(policy.id)).toMatchObject({ document: ALLOW_ALL });
    const list = await h.call("GET", `/policies/${policy.id}/versions`, { key: manager });
    expect(list.body.data.map((v: { number: number; status: string }) => [v.number, v.status])).toEqual([
      [2, "draft"],
      [1, "published"],
    ]);

    const audit = await h.db.auditEvent.findMany({ where: { orgId: t.orgA.id, targetId: policy.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["policy.create", "policy.draft", "policy.publish", "policy.rollback"]);
    expect(audit[3]?.data).toMatchObject({ number: 1, previous: 2, note: "too strict" });

    expect((await h.call("POST", `/policies/${policy.id}/versions/9/publish`, { key: manager })).status).toBe(404);
  });

  it("publishes a new version in one step, and in shadow mode when the document says so", async () => {
    const { policy } = await newPolicy();
    const res = await h.call("POST", `/policies/${policy.id}/versions`, { key: manager, body: { document: { ...DENY_FLUX, mode: "shadow" }, publish: true } });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ number: 2, status: "published", mode: "shadow" });
    const sim = await h.call("POST", `/policies/${policy.id}/simulate`, { key: manager, body: { calls: [{ tool: "flux_edit_image", arguments: {} }] } });
    expect(sim.body.results[0].decision).toMatchObject({ outcome: "allow", shadow: { outcome: "deny", rule: "/tools/flux_edit_image/action" } });
  });

  it("refuses a viewer's publish and keeps the enforced version", async () => {
    const { policy } = await newPolicy();
    await h.call("POST", `/policies/${policy.id}/versions`, { key: manager, body: { document: DENY_FLUX } });
    expect((await h.call("POST", `/policies/${policy.id}/versions/2/publish`, { key: t.orgA.keys.viewer })).status).toBe(403);
    expect((await h.call("GET", `/policies/${policy.id}`, { key: manager })).body.publishedVersion.number).toBe(1);
  });
});

describe("diff", () => {
  it("lists what changed between two versions at validation-style paths", async () => {
    const { policy } = await newPolicy({ version: "1", default: "deny", tools: { read_file: {} } });
    await h.call("POST", `/policies/${policy.id}/versions`, { key: manager, body: { document: { version: "1", default: "allow", hide: ["flux_edit_image"] } } });
    const res = await h.call("GET", `/policies/${policy.id}/diff?from=1&to=2`, { key: t.orgA.keys.viewer });
    expect(res.status, res.text).toBe(200);
    expect(res.body.changes).toEqual([
      { path: "default", kind: "changed", before: "deny", after: "allow" },
      { path: "hide", kind: "added", after: ["flux_edit_image"] },
      { path: "tools", kind: "removed", before: { read_file: {} } },
    ]);
    expect((await h.call("GET", `/policies/${policy.id}/diff?from=1&to=7`, { key: manager })).status).toBe(404);
  });
});

describe("import", () => {
  it("converts Intercept YAML and lists what was not carried over; refuses what cannot be converted", async () => {
    const source = [
      'version: "1"',
      'description: "GitHub"',
      "default: deny",
      "tools:",
      "  delete_repository:",
      "    rules:",
      '      - name: "no"',
      "        action: deny",
      "  read_file:",
      "    rules: []",
    ].join("\n");
    const res = await h.call("POST", "/policies/import", { key: manager, body: { format: "intercept-yaml", source } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.document).toMatchObject({ version: "1", default: "deny", tools: { read_file: {}, delete_repository: { deny_if: [{ conditions: [] }] } } });
    expect(res.body.notCarried.join(" ")).toMatch(/description/i);
    const bad = await h.call("POST", "/policies/import", { key: manager, body: { format: "intercept-yaml", source: "tools: [1, 2" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.length).toBeGreaterThan(0);
  });
});

describe("simulator", () => {
  it("decides a draft's call with the deciding rule and the explain trace, using the identity's labels", async () => {
    const { policy } = await newPolicy();
    const identity = await createTestIdentity(h.db, { orgId: t.orgA.id, labels: { team: "design" } });
    const draft = {
      version: "1",
      default: "deny",
      tools: {
        flux_edit_image: {
          deny_if: [{ id: "no-callbacks", conditions: [{ path: "args.callback_url", op: "url_host_not_in", value: ["hooks.example.com"] }], on_deny: "callbacks only to hooks.example.com" }],
          require: [{ conditions: [{ path: "identity.labels.team", op: "eq", value: "design" }] }],
        },
      },
    };
    const res = await h.call("POST", `/policies/${policy.id}/simulate`, {
      key: t.orgA.keys.viewer,
      body: {
        document: draft,
        calls: [
          { identityId: identity.id, tool: "flux_edit_image", arguments: { callback_url: "https://evil.example/x" } },
          { identityId: identity.id, tool: "flux_edit_image", arguments: { callback_url: "https://hooks.example.com/x" } },
          { tool: "flux_edit_image", arguments: {} },
          { tool: "delete_everything", arguments: {} },
        ],
      },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.source).toEqual({ kind: "document", number: null });
    const [evil, ok, anonymous, unlisted] = res.body.results;
    expect(evil.decision).toMatchObject({ outcome: "deny", rule: "/tools/flux_edit_image/deny_if/no-callbacks", message: "callbacks only to hooks.example.com" });
    const decisive = evil.trace.find((s: { decisive: boolean }) => s.decisive);
    expect(decisive).toMatchObject({ stage: "deny_if", fired: true, conditions: [{ path: "args.callback_url", actual: ["https://evil.example/x"], result: true }] });
    expect(evil.call.identityName).toBe(identity.name);
    expect(ok.decision).toMatchObject({ outcome: "allow", rule: "" });
    expect(anonymous.decision).toMatchObject({ outcome: "deny", rule: "/tools/flux_edit_image/require/identity.labels.team-eq" });
    expect(unlisted.decision).toMatchObject({ outcome: "deny", rule: "(default deny)" });
  });

  it("decides with the published version by default, a numbered one on request, and refuses an invalid draft with its paths", async () => {
    const { policy } = await newPolicy(DENY_FLUX);
    await h.call("POST", `/policies/${policy.id}/versions`, { key: manager, body: { document: ALLOW_ALL } });
    const call = { calls: [{ tool: "flux_edit_image", arguments: {} }] };
    const published = await h.call("POST", `/policies/${policy.id}/simulate`, { key: manager, body: call });
    expect(published.body.source).toEqual({ kind: "version", number: 1 });
    expect(published.body.results[0].decision).toMatchObject({ outcome: "deny", rule: "/tools/flux_edit_image/action", message: "No image edits." });
    const v2 = await h.call("POST", `/policies/${policy.id}/simulate`, { key: manager, body: { ...call, version: 2 } });
    expect(v2.body.results[0].decision.outcome).toBe("allow");
    const invalid = await h.call("POST", `/policies/${policy.id}/simulate`, { key: manager, body: { ...call, document: { version: "1", default: "deny", hide: "x" } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.map((d: { path: string }) => d.path)).toContain("hide");
    const otherOrgIdentity = await createTestIdentity(h.db, { orgId: t.orgB.id });
    const foreign = await h.call("POST", `/policies/${policy.id}/simulate`, { key: manager, body: { calls: [{ identityId: otherOrgIdentity.id, tool: "x", arguments: {} }] } });
    expect(foreign.status).toBe(404);
  });
});

describe("replay", () => {
  it("reports how past calls would change under a stricter draft, grouped by tool and rule, and names the calls it could not decide", async () => {
    const { server, policy } = await newPolicy(ALLOW_ALL);
    const identity = await createTestIdentity(h.db, { orgId: t.orgA.id, name: "image-bot" });
    const base = Date.now() - 60 * 60_000;
    const log = (tool: string, minutes: number, outcome: "allowed" | "denied" | "rate_limited" = "allowed") => ({
      id: newId("decision"),
      orgId: t.orgA.id,
      requestId: newId("request"),
      serverId: server.id,
      identityId: identity.id,
      method: "tools/call",
      toolName: tool,
      policyId: policy.id,
      outcome,
      createdAt: new Date(base + minutes * 60_000),
    });
    await h.db.decisionLog.createMany({
      data: [
        log("flux_edit_image", 1),
        log("flux_edit_image", 2),
        log("flux_edit_image", 3, "rate_limited"),
        log("read_file", 4),
        log("refund_order", 5),
        log("refund_order", 6),
        // outside the range
        log("flux_edit_image", -120),
        { ...log("flux_edit_image", 7), method: "tools/list", toolName: null },
      ],
    });
    const draft = {
      version: "1",
      default: "allow",
      hide: ["flux_edit_image"],
      tools: { refund_order: { deny_if: [{ conditions: [{ path: "args.amount", op: "gt", value: 100 }] }] } },
    };
    const res = await h.call("POST", `/policies/${policy.id}/simulate`, {
      key: t.orgA.keys.viewer,
      body: { document: draft, replay: { from: new Date(base).toISOString(), to: new Date(base + 30 * 60_000).toISOString() } },
    });
    expect(res.status, res.text).toBe(200);
    const replay = res.body.replay;
    expect(replay).toMatchObject({ scanned: 6, evaluated: 4, changed: 3, unchanged: 1, notEvaluated: 2, truncated: false });
    expect(replay.changes).toEqual([
      { tool: "flux_edit_image", before: "allow", after: "deny", rule: "(hidden)", count: 3, examples: expect.any(Array) },
    ]);
    expect(replay.changes[0].examples[0]).toMatchObject({ identityId: identity.id, identityName: "image-bot" });
    expect(replay.notEvaluatedByTool).toEqual([{ tool: "refund_order", count: 2, reason: expect.stringContaining("args.amount") }]);

    // The published (allow-all) policy changes nothing.
    const same = await h.call("POST", `/policies/${policy.id}/simulate`, {
      key: manager,
      body: { replay: { from: new Date(base).toISOString(), to: new Date(base + 30 * 60_000).toISOString() } },
    });
    expect(same.body.replay).toMatchObject({ scanned: 6, evaluated: 6, changed: 0 });
  });
});
