import { describe, expect, it } from "vitest";
import { formatIssues, parsePolicy } from "../src/index.ts";

// Snapshots of what a policy author sees, so message quality is visible in review.
const issuesOf = (doc: unknown) => {
  const r = parsePolicy(doc);
  return r.ok ? "(valid)" : formatIssues(r.errors);
};

describe("validation messages", () => {
  it("reports every error in one pass, each at its path", () => {
    expect(
      issuesOf({
        version: "2",
        default: "dny",
        tols: {},
        mode: "shadw",
        tools: {
          refund_order: {
            deny_if: [
              {
                conditions: [
                  { path: "args.amount", op: "gt", value: 1 },
                  { path: "args.amount", op: "gtt", value: 1 },
                  { paht: "args.x", op: "eq", value: 1 },
                  { any: [{ path: "argz.x", op: "regex", value: "(?=x)" }] },
                ],
              },
              { conditions: [{ path: "args.amount", op: "gt", value: "5" }] },
            ],
            limits: [{ counter: "c", window: "fortnight", max: -1, scope: "team", increment_from: "identity.name" }],
            aproval: {},
          },
        },
      }),
    ).toMatchInlineSnapshot(`
      "version: expected "1", got "2"
      default: expected "allow" or "deny", got "dny"; did you mean "deny"?
      tools.refund_order.deny_if[0].conditions[1].op: unknown operator "gtt"; did you mean "gt"?
      tools.refund_order.deny_if[0].conditions[2].path: required field "path" is missing
      tools.refund_order.deny_if[0].conditions[2].paht: unknown field "paht"; did you mean "path"?
      tools.refund_order.limits[0].max: must be ≥ 0, got the number -1
      tools.refund_order.limits[0].scope: expected one of "grant", "identity", "server", "org", "session", got "team"
      tools.refund_order.aproval: unknown field "aproval"; did you mean "approval"?
      mode: expected "enforce" or "shadow", got "shadw"; did you mean "shadow"?
      tols: unknown field "tols"; did you mean "tools"?
      tools.refund_order.deny_if[0].conditions[3].any[0].path: unknown path "argz.x"; paths are "args.<key>" (with optional [n] or [*]), "identity.name", "identity.kind", "identity.labels.<key>", "grant.id", "server.name", "time.hour" or "time.weekday"
      tools.refund_order.deny_if[0].conditions[3].any[0].value: regex "(?=x)" is not valid RE2 syntax (error parsing regexp: invalid or unsupported Perl syntax: \`(?=\`)
      tools.refund_order.deny_if[1]: duplicate predicate id "args.amount-gt" (also deny_if[0]); give one of them an explicit "id"
      tools.refund_order.deny_if[1].conditions[0].value: operator "gt" needs a number, got the string "5"
      tools.refund_order.limits[0].window: unknown window "fortnight"; use "minute", "hour", "day", "week", "month" or a duration like "30s", "15m", "6h", "2d" (at most 366d)
      tools.refund_order.limits[0].increment_from: increment_from must be an "args." path, got "identity.name""
    `);
  });

  it.each([
    ["missing required fields", {}],
    ["not an object", []],
    ["wrong types", { version: "1", default: "deny", hide: "x", tools: { t: { require: {} } } }],
    ["condition that is not an object", { version: "1", default: "deny", tools: { t: { deny_if: [{ conditions: ["args.a > 1"] }] } } }],
    ["missing value", { version: "1", default: "deny", tools: { t: { deny_if: [{ conditions: [{ path: "args.a", op: "eq" }] }] } } }],
    ["bad paths", { version: "1", default: "deny", tools: { t: { deny_if: [{ conditions: [{ path: "args.a[x]", op: "exists", value: true }, { path: "args..b", op: "exists", value: true }] }] } } }],
    ["bad hosts", { version: "1", default: "deny", tools: { t: { deny_if: [{ conditions: [{ path: "args.u", op: "url_host_in", value: ["https://a.com/x", "*.b.com"] }] }] } } }],
    ["approval durations", { version: "1", default: "deny", approval: { timeout: "10 minutes", hold: "2h" } }],
    ["hold longer than timeout", { version: "1", default: "deny", approval: { timeout: "1m", hold: "2m" } }],
    ["duplicate counters", { version: "1", default: "deny", all_tools: { limits: [{ counter: "c", window: "minute", max: 1, scope: "grant" }, { counter: "c", window: "hour", max: 1, scope: "grant" }] } }],
    ["invalid JSON text", '{"version": "1",'],
  ])("%s", (_name, doc) => {
    expect(issuesOf(doc)).toMatchSnapshot();
  });

  it("accepts the spec's example document unchanged", () => {
    expect(
      issuesOf({
        version: "1",
        default: "deny",
        hide: ["delete_account"],
        all_tools: { limits: [{ counter: "calls", window: "minute", max: 120, scope: "grant" }] },
        tools: {
          flux_edit_image: {
            limits: [{ counter: "flux_edit_image_rate", window: "minute", max: 30, scope: "grant" }],
            deny_if: [{ conditions: [{ path: "args.callback_url", op: "url_host_not_in", value: ["hooks.example.com"] }], on_deny: "callbacks may only go to hooks.example.com" }],
          },
          refund_order: {
            require: [{ conditions: [{ path: "args.reason", op: "exists", value: true }] }],
            deny_if: [{ conditions: [{ path: "args.amount", op: "gt", value: 10000 }] }],
            approve_if: [{ conditions: [{ path: "args.amount", op: "gt", value: 500 }] }],
            limits: [{ counter: "refund_total", window: "day", max: 50000, scope: "org", increment_from: "args.amount" }],
          },
        },
      }),
    ).toBe("(valid)");
  });
});
