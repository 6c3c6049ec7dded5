import { describe, expect, it } from "vitest";
import { compilePolicy, evaluate, importIntercept } from "../src/index.ts";
import { makeContext } from "./helpers.ts";

const GITHUB = `
version: "1"
description: "GitHub MCP server policies"
default: deny
hide:
  - transfer_repository
tools:
  create_issue:
    rules:
      - name: "hourly issue limit"
        rate_limit: 5/hour
        on_deny: "Hourly limit of 5 new issues reached"
  create_charge:
    rules:
      - name: "max single charge"
        conditions:
          - path: "args.amount"
            op: "lte"
            value: 50000
        on_deny: "Single charge cannot exceed $500.00"
      - name: "daily spend cap"
        conditions:
          - path: "state.create_charge.daily_spend"
            op: "lt"
            value: 1000000
        state:
          counter: "daily_spend"
          window: "day"
          increment_from: "args.amount"
      - name: "big charges need a human"
        action: require_approval
        conditions:
          - path: "args.amount"
            op: "gt"
            value: 10000
  delete_repository:
    rules:
      - name: "block repo deletion"
        action: "deny"
        on_deny: "Repository deletion is not permitted via AI agents"
  read_file:
    rules: []
  "*":
    rules:
      - name: "global rate limit"
        conditions:
          - path: "state._global.calls_per_minute"
            op: "lte"
            value: 60
        state:
          counter: "calls_per_minute"
          window: "minute"
          increment: 2
`;

describe("importIntercept", () => {
  const r = importIntercept(GITHUB);
  it("converts rules, actions, state counters, rate_limit and the * wildcard", () => {
    expect(r.errors).toEqual([]);
    expect(r.document).toEqual({
      version: "1",
      default: "deny",
      hide: ["transfer_repository"],
      all_tools: { limits: [{ counter: "_global.calls_per_minute", window: "minute", max: 30, scope: "grant" }] },
      tools: {
        create_issue: { limits: [{ counter: "create_issue._rate_hour", window: "hour", max: 5, scope: "grant" }] },
        create_charge: {
          require: [{ id: "max-single-charge", conditions: [{ path: "args.amount", op: "lte", value: 50000 }], on_deny: "Single charge cannot exceed $500.00" }],
          approve_if: [{ id: "big-charges-need-a-human", conditions: [{ path: "args.amount", op: "gt", value: 10000 }] }],
          limits: [{ counter: "create_charge.daily_spend", window: "day", max: 999999, scope: "grant", increment_from: "args.amount" }],
        },
        delete_repository: { deny_if: [{ id: "block-repo-deletion", conditions: [], on_deny: "Repository deletion is not permitted via AI agents" }] },
        read_file: {},
      },
    });
  });
  it("lists what could not be carried over exactly", () => {
    expect(r.warnings).toEqual([
      "description: not carried over (a Gatehouse policy has no description; keep it in the policy's name)",
      "tools.create_issue.rules[0].on_deny: dropped; a rate-limited call gets Gatehouse's [RATE LIMITED] message with a retry time",
      'tools.create_charge.rules[1].conditions[0]: "lt 1000000" became max 999999, which is exact only for whole-number amounts',
      "tools.*.rules[0].conditions[0]: increment 2 is not supported; the limit counts calls instead, max 60 → 30 calls",
    ]);
  });
  it("decides like Intercept", () => {
    const plan = r.document ? compilePolicy(r.document) : null;
    const ctx = makeContext();
    expect(evaluate(plan, { name: "delete_repository", arguments: {} }, ctx).message).toBe("Repository deletion is not permitted via AI agents");
    expect(evaluate(plan, { name: "create_charge", arguments: { amount: 60000 } }, ctx).rule).toBe("/tools/create_charge/require/max-single-charge");
    expect(evaluate(plan, { name: "create_charge", arguments: { amount: 20000 } }, ctx).outcome).toBe("approval_required");
    expect(evaluate(plan, { name: "unlisted", arguments: {} }, ctx).rule).toBe("(default deny)");
    expect(evaluate(plan, { name: "transfer_repository", arguments: {} }, ctx).rule).toBe("(hidden)");
  });
  it("reports Intercept errors at Intercept paths", () => {
    const bad = importIntercept(`
version: "1"
tools:
  x:
    rules:
      - action: deny
      - name: r
        action: explode
      - name: q
        rate_limit: 5/fortnight
      - name: s
        conditions:
          - path: state.x.nope
            op: lte
            value: 1
`);
    expect(bad.document).toBeNull();
    expect(bad.errors).toEqual([
      { path: "tools.x.rules[0].name", message: "rule must have a name" },
      { path: "tools.x.rules[1].action", message: 'action must be "evaluate", "deny" or "require_approval", got "explode"' },
      { path: "tools.x.rules[2].rate_limit", message: 'rate_limit must be "<count>/<minute|hour|day>", got "5/fortnight"' },
      { path: "tools.x.rules[3].conditions[0].path", message: "condition references state.x.nope but no matching state block found" },
    ]);
  });
  it("surfaces invalid converted conditions as errors", () => {
    const bad = importIntercept(`version: "1"\ntools:\n  x:\n    rules:\n      - name: r\n        conditions:\n          - { path: args.a, op: gtt, value: 1 }\n`);
    expect(bad.document).toBeNull();
    expect(bad.errors[0]).toEqual({ path: "tools.x.require[0].conditions[0].op", message: 'unknown operator "gtt"; did you mean "gt"?' });
  });
});
