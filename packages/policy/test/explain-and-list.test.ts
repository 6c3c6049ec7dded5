import { describe, expect, it } from "vitest";
import { evaluate, explain, filterToolsList, policyJsonSchema } from "../src/index.ts";
import { makeContext, plan } from "./helpers.ts";

const doc = {
  version: "1",
  default: "deny",
  hide: ["secret_*"],
  list: "callable",
  all_tools: { require: [{ id: "ticket", conditions: [{ path: "args.ticket", op: "exists", value: true }] }] },
  tools: {
    refund: {
      deny_if: [{ id: "big", conditions: [{ path: "args.amount", op: "gt", value: 100 }] }],
      approve_if: [{ id: "mid", conditions: [{ path: "args.amount", op: "gt", value: 10 }] }],
      limits: [{ counter: "refunds", window: "day", max: 5, scope: "org" }],
    },
    drop_table: { deny_if: [{ id: "never", conditions: [] }] },
    "secret_*": {},
    read: {},
  },
};

describe("explain", () => {
  it("returns evaluate's decision and a step for every rule, with actual values", () => {
    const p = plan(doc);
    const call = { name: "refund", arguments: { ticket: "T-1", amount: 500 } };
    const { decision, trace } = explain(p, call, makeContext());
    expect(decision).toEqual(evaluate(p, call, makeContext()));
    expect(trace.map((s) => [s.stage, s.rule, s.fired, s.reached, s.decisive])).toEqual([
      ["hide", "(hidden)", false, true, false],
      ["tool", "/tools/refund", false, true, false],
      ["require", "/all_tools/require/ticket", false, true, false],
      ["deny_if", "/tools/refund/deny_if/big", true, true, true],
      ["approve_if", "/tools/refund/approve_if/mid", true, false, false],
      ["limits", "/tools/refund/limits/refunds", false, false, false],
    ]);
    expect(trace[3]?.conditions).toEqual([{ path: "args.amount", op: "gt", value: 100, actual: [500], result: true }]);
  });
  it("explains a default deny and no policy", () => {
    expect(explain(plan(doc), { name: "nope", arguments: {} }, makeContext()).trace.at(-1)).toMatchObject({ rule: "(default deny)", decisive: true });
    expect(explain(null, { name: "x", arguments: {} }, makeContext()).trace).toEqual([
      { stage: "policy", rule: "(no policy)", fired: true, reached: true, decisive: true, reason: "the grant has no policy: every call is denied" },
    ]);
  });
});

describe("filterToolsList", () => {
  const tools = ["refund", "drop_table", "secret_keys", "read", "unlisted"].map((name) => ({ name, description: name }));
  it('list "callable" drops hidden, unlisted and unconditionally denied tools', () => {
    expect(filterToolsList(plan(doc), tools).map((t) => t.name)).toEqual(["refund", "read"]);
  });
  it('list "all" drops only hidden tools', () => {
    expect(filterToolsList(plan({ ...doc, list: "all" }), tools).map((t) => t.name)).toEqual(["refund", "drop_table", "read", "unlisted"]);
  });
  it("no policy shows nothing; shadow mode shows everything", () => {
    expect(filterToolsList(null, tools)).toEqual([]);
    expect(filterToolsList(plan({ ...doc, mode: "shadow" }), tools)).toEqual(tools);
  });
});

describe("policyJsonSchema", () => {
  it("describes the document, strict about unknown fields", () => {
    const schema = policyJsonSchema as { type: string; required: string[]; additionalProperties: boolean; properties: Record<string, unknown> };
    expect(schema.type).toBe("object");
    expect(schema.required).toEqual(["version", "default"]);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toContain("all_tools");
    expect(JSON.stringify(schema)).toContain('"url_host_not_in"');
  });
});
