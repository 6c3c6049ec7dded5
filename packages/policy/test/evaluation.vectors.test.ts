import { describe, expect, it } from "vitest";
import { type Decision, evaluate, parsePolicy } from "../src/index.ts";
import { denyMsg, makeContext, plan } from "./helpers.ts";

// Compatibility vectors for POLICY-LANGUAGE.md "Shape", "Evaluation order", "Limits" and the
// extensions: document, call and context with the expected outcome, rule and message.

type Vector = { name: string; doc: object; tool: string; args?: Record<string, unknown>; expect: Pick<Decision, "outcome" | "rule" | "message"> };
const allow = { outcome: "allow", rule: "", message: "" } as const;
const deny = (rule: string, message: string) => ({ outcome: "deny", rule, message }) as const;

const refund = {
  version: "1",
  default: "deny",
  tools: {
    refund_order: {
      require: [{ conditions: [{ path: "args.reason", op: "exists", value: true }] }],
      deny_if: [{ conditions: [{ path: "args.amount", op: "gt", value: 10000 }] }],
      approve_if: [{ conditions: [{ path: "args.amount", op: "gt", value: 500 }] }],
      limits: [{ counter: "refund_total", window: "day", max: 50000, scope: "org", increment_from: "args.amount" }],
    },
  },
};

const vectors: Vector[] = [
  { name: "default allow: unlisted tool allowed", doc: { version: "1", default: "allow" }, tool: "anything", expect: allow },
  { name: "default deny: unlisted tool denied", doc: { version: "1", default: "deny", tools: { a: {} } }, tool: "b", expect: deny("(default deny)", denyMsg.defaultDeny("b")) },
  { name: "{} allows under default deny", doc: { version: "1", default: "deny", tools: { a: {} } }, tool: "a", expect: allow },
  { name: "hide refuses a listed tool", doc: { version: "1", default: "allow", hide: ["a"], tools: { a: {} } }, tool: "a", expect: deny("(hidden)", denyMsg.hidden("a")) },
  { name: 'hide "*" refuses everything', doc: { version: "1", default: "allow", hide: ["*"] }, tool: "x", expect: deny("(hidden)", denyMsg.hidden("x")) },
  { name: "hide glob (ext)", doc: { version: "1", default: "allow", hide: ["delete_*"] }, tool: "delete_user", expect: deny("(hidden)", denyMsg.hidden("delete_user")) },
  { name: "hide wins over default deny", doc: { version: "1", default: "deny", hide: ["x"] }, tool: "x", expect: deny("(hidden)", denyMsg.hidden("x")) },
  {
    name: "empty conditions always match",
    doc: { version: "1", default: "allow", tools: { drop: { deny_if: [{ conditions: [] }] } } },
    tool: "drop",
    expect: deny("/tools/drop/deny_if/0", denyMsg.denyIf("drop", "/tools/drop/deny_if/0")),
  },
  {
    name: "on_deny replaces the generated message",
    doc: { version: "1", default: "allow", tools: { drop: { deny_if: [{ conditions: [], on_deny: "never drop tables" }] } } },
    tool: "drop",
    expect: deny("/tools/drop/deny_if/0", "never drop tables"),
  },
  {
    name: "require fails closed on a missing field",
    doc: refund,
    tool: "refund_order",
    args: { amount: 20000 },
    expect: deny("/tools/refund_order/require/args.reason-exists", denyMsg.require("refund_order", "/tools/refund_order/require/args.reason-exists")),
  },
  {
    name: "deny_if after require",
    doc: refund,
    tool: "refund_order",
    args: { amount: 20000, reason: "x" },
    expect: deny("/tools/refund_order/deny_if/args.amount-gt", denyMsg.denyIf("refund_order", "/tools/refund_order/deny_if/args.amount-gt")),
  },
  {
    name: "approve_if after deny_if",
    doc: refund,
    tool: "refund_order",
    args: { amount: 600, reason: "x" },
    expect: { outcome: "approval_required", rule: "/tools/refund_order/approve_if/args.amount-gt", message: denyMsg.approval("refund_order", "/tools/refund_order/approve_if/args.amount-gt") },
  },
  { name: "small refund allowed", doc: refund, tool: "refund_order", args: { amount: 20, reason: "x" }, expect: allow },
  ...[
    ["negative", -5],
    ["non-numeric", "100"],
    ["infinite-looking huge string", "1e999"],
  ].map(([label, amount]) => ({
    name: `increment_from ${label} denies`,
    doc: refund,
    tool: "refund_order",
    args: { amount, reason: "x" },
    expect: deny("/tools/refund_order/limits/refund_total", denyMsg.increment("refund_order", "/tools/refund_order/limits/refund_total", "args.amount")),
  })),
  {
    name: "increment_from missing denies",
    doc: { version: "1", default: "allow", tools: { pay: { limits: [{ counter: "spend", window: "day", max: 10, scope: "org", increment_from: "args.cents" }] } } },
    tool: "pay",
    args: {},
    expect: deny("/tools/pay/limits/spend", denyMsg.increment("pay", "/tools/pay/limits/spend", "args.cents")),
  },
  {
    name: "all_tools require before tool require",
    doc: {
      version: "1",
      default: "allow",
      all_tools: { require: [{ id: "ticket", conditions: [{ path: "args.ticket", op: "exists", value: true }] }] },
      tools: { t: { require: [{ id: "own", conditions: [{ path: "args.x", op: "exists", value: true }] }] } },
    },
    tool: "t",
    expect: deny("/all_tools/require/ticket", denyMsg.require("t", "/all_tools/require/ticket")),
  },
  {
    name: "require (tool) before deny_if (all_tools)",
    doc: {
      version: "1",
      default: "allow",
      all_tools: { deny_if: [{ id: "all", conditions: [] }] },
      tools: { t: { require: [{ id: "own", conditions: [{ path: "args.x", op: "exists", value: true }] }] } },
    },
    tool: "t",
    expect: deny("/tools/t/require/own", denyMsg.require("t", "/tools/t/require/own")),
  },
  {
    name: "all_tools deny_if before tool deny_if",
    doc: { version: "1", default: "allow", all_tools: { deny_if: [{ id: "a", conditions: [] }] }, tools: { t: { deny_if: [{ id: "b", conditions: [] }] } } },
    tool: "t",
    expect: deny("/all_tools/deny_if/a", denyMsg.denyIf("t", "/all_tools/deny_if/a")),
  },
  {
    name: "all_tools rules do not rescue an unlisted tool under default deny",
    doc: { version: "1", default: "deny", all_tools: { limits: [{ counter: "c", window: "minute", max: 5, scope: "grant" }] } },
    tool: "t",
    expect: deny("(default deny)", denyMsg.defaultDeny("t")),
  },
  {
    name: "exact name wins over glob",
    doc: { version: "1", default: "deny", tools: { "delete_*": { deny_if: [{ id: "g", conditions: [] }] }, delete_draft: {} } },
    tool: "delete_draft",
    expect: allow,
  },
  {
    name: "longer glob wins over shorter",
    doc: { version: "1", default: "deny", tools: { "delete_*": { deny_if: [{ id: "g", conditions: [] }] }, "delete_draft_*": {} } },
    tool: "delete_draft_7",
    expect: allow,
  },
  {
    name: "glob denies",
    doc: { version: "1", default: "deny", tools: { "delete_*": { deny_if: [{ id: "g", conditions: [] }] }, "delete_draft_*": {} } },
    tool: "delete_user",
    expect: deny("/tools/delete_*/deny_if/g", denyMsg.denyIf("delete_user", "/tools/delete_*/deny_if/g")),
  },
  {
    name: "first deny_if in order wins",
    doc: { version: "1", default: "allow", tools: { t: { deny_if: [{ id: "one", conditions: [{ path: "args.a", op: "eq", value: 1 }] }, { id: "two", conditions: [] }] } } },
    tool: "t",
    args: { a: 1 },
    expect: deny("/tools/t/deny_if/one", denyMsg.denyIf("t", "/tools/t/deny_if/one")),
  },
  {
    name: "default id falls back to the index when the first condition is any/not",
    doc: { version: "1", default: "allow", tools: { t: { deny_if: [{ conditions: [{ not: { path: "args.a", op: "exists", value: true } }] }] } } },
    tool: "t",
    expect: deny("/tools/t/deny_if/0", denyMsg.denyIf("t", "/tools/t/deny_if/0")),
  },
  {
    name: "pointer escapes / and ~ in tool names",
    doc: { version: "1", default: "allow", tools: { "a/b~c": { deny_if: [{ id: "x", conditions: [] }] } } },
    tool: "a/b~c",
    expect: deny("/tools/a~1b~0c/deny_if/x", denyMsg.denyIf("a/b~c", "/tools/a~1b~0c/deny_if/x")),
  },
];

describe("evaluation vectors", () => {
  it.each(vectors)("$name", (v) => {
    const d = evaluate(plan(v.doc), { name: v.tool, arguments: v.args ?? {} }, makeContext());
    expect({ outcome: d.outcome, rule: d.rule, message: d.message }).toEqual(v.expect);
  });

  it("no policy denies with (no policy)", () => {
    const d = evaluate(null, { name: "x", arguments: {} }, makeContext());
    expect(d).toEqual({ outcome: "deny", rule: "(no policy)", message: denyMsg.noPolicy("x"), reservations: [], approval: null, shadow: null });
  });
});

describe("limits and reservations", () => {
  const doc = {
    version: "1",
    default: "allow",
    all_tools: { limits: [{ counter: "calls", window: "minute", max: 120, scope: "grant" }] },
    tools: {
      a: { limits: [{ counter: "shared", window: "15m", max: 10, scope: "identity", algorithm: "sliding" }] },
      b: { limits: [{ counter: "shared", window: "15m", max: 10, scope: "identity" }, { counter: "srv", window: "week", max: 3, scope: "server" }] },
    },
  };
  it("reserves tool limits then all_tools limits with bucket keys per scope", () => {
    const d = evaluate(plan(doc), { name: "b", arguments: {} }, makeContext());
    expect(d.outcome).toBe("allow");
    expect(d.reservations.map((r) => [r.rule, r.bucketKey, r.amount, r.max, r.window.label, r.algorithm])).toEqual([
      ["/tools/b/limits/shared", "org_1:identity:idn_1:shared", 1, 10, "15m", "fixed"],
      ["/tools/b/limits/srv", "org_1:server:srv_1:srv", 1, 3, "week", "fixed"],
      ["/all_tools/limits/calls", "org_1:grant:grt_1:calls", 1, 120, "minute", "fixed"],
    ]);
  });
  it("two tools naming the same counter and scope share one bucket", () => {
    const p = plan(doc);
    const a = evaluate(p, { name: "a", arguments: {} }, makeContext()).reservations[0];
    const b = evaluate(p, { name: "b", arguments: {} }, makeContext()).reservations[0];
    expect(a?.bucketKey).toBe(b?.bucketKey);
    expect(a?.algorithm).toBe("sliding");
    expect(a?.window).toEqual({ unit: "duration", ms: 900_000, label: "15m" });
  });
  it("increment_from amount becomes the reservation amount; org scope keys by org", () => {
    const d = evaluate(plan(refund), { name: "refund_order", arguments: { amount: 250.5, reason: "x" } }, makeContext());
    expect(d.reservations).toEqual([
      {
        rule: "/tools/refund_order/limits/refund_total",
        counter: "refund_total",
        scope: "org",
        scopeKey: "org_1",
        bucketKey: "org_1:org:org_1:refund_total",
        amount: 250.5,
        max: 50000,
        window: { unit: "day", ms: 86_400_000, label: "day" },
        algorithm: "fixed",
      },
    ]);
  });
  it("approval_required carries the reservations to make once approved, and the approval settings", () => {
    const d = evaluate(plan({ ...refund, approval: { timeout: "1h", roles: ["finance"] } }), { name: "refund_order", arguments: { amount: 900, reason: "x" } }, makeContext());
    expect(d.outcome).toBe("approval_required");
    expect(d.reservations).toHaveLength(1);
    expect(d.approval).toEqual({ timeoutMs: 3_600_000, holdMs: 20_000, roles: ["finance"], mode: "task" });
  });
  it("per-tool approval overrides top-level field by field", () => {
    const doc2 = { ...refund, approval: { timeout: "1h", roles: ["finance"] } } as { tools: { refund_order: Record<string, unknown> } };
    const withTool = structuredClone(doc2);
    withTool.tools.refund_order.approval = { hold: "5s" };
    const d = evaluate(plan(withTool), { name: "refund_order", arguments: { amount: 900, reason: "x" } }, makeContext());
    expect(d.approval).toEqual({ timeoutMs: 3_600_000, holdMs: 5_000, roles: ["finance"], mode: "task" });
  });
  it("approval.mode: task by default, hold when the policy says so, per tool over top level", () => {
    const doc2 = { ...refund, approval: { mode: "hold" } } as { tools: { refund_order: Record<string, unknown> } };
    const call = { name: "refund_order", arguments: { amount: 900, reason: "x" } };
    expect(evaluate(plan(doc2), call, makeContext()).approval?.mode).toBe("hold");
    const withTool = structuredClone(doc2);
    withTool.tools.refund_order.approval = { mode: "task" };
    expect(evaluate(plan(withTool), call, makeContext()).approval?.mode).toBe("task");
    expect(parsePolicy({ ...refund, approval: { mode: "later" } }).ok).toBe(false);
  });
});

describe("shadow mode", () => {
  const doc = { version: "1", default: "deny", mode: "shadow", tools: { a: { deny_if: [{ id: "no", conditions: [] }] } } };
  it("allows and carries the would-be deny", () => {
    const d = evaluate(plan(doc), { name: "a", arguments: {} }, makeContext());
    expect(d).toEqual({
      outcome: "allow",
      rule: "",
      message: "",
      reservations: [],
      approval: null,
      shadow: { outcome: "deny", rule: "/tools/a/deny_if/no", message: denyMsg.denyIf("a", "/tools/a/deny_if/no") },
    });
  });
  it("shadow is null when the would-be decision is allow", () => {
    const d = evaluate(plan({ version: "1", default: "allow", mode: "shadow" }), { name: "z", arguments: {} }, makeContext());
    expect(d.shadow).toBeNull();
    expect(d.outcome).toBe("allow");
  });
  it("would-be default deny", () => {
    expect(evaluate(plan(doc), { name: "b", arguments: {} }, makeContext()).shadow).toEqual({ outcome: "deny", rule: "(default deny)", message: denyMsg.defaultDeny("b") });
  });
});
