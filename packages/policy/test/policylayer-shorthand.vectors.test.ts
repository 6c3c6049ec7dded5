import { describe, expect, it } from "vitest";
import {
  compilePolicy,
  type Decision,
  evaluate,
  expandShorthand,
  explain,
  filterToolsList,
  formatIssues,
  parsePolicy,
  policyJsonSchema,
  type Reservation,
  shorthandUsed,
} from "../src/index.ts";
import { denyMsg, makeContext, plan } from "./helpers.ts";

// Issue 16: the per-tool shorthand PolicyLayer's product page tells users to write for
// flux_edit_image. Each quoted example is pasted verbatim (as JSON text), must be accepted
// unchanged, and must decide the way the page says.

const doc = (rule: string) => `{"version":"1","default":"deny","tools":{"flux_edit_image":${rule}}}`;
const EDIT = { name: "flux_edit_image", arguments: { prompt: "add snow" } };
const session = (id: string) => makeContext({ session: { id } });

// "add a rule for flux_edit_image: allow, deny, rate-limit, or require approval"
const RULE_FORMS = {
  allow: doc(`{"action":"allow"}`),
  deny: doc(`{"action":"deny"}`),
  "rate-limit": doc(`{"rate_limit":{"max":10,"window":60}}`),
  "require approval": doc(`{"action":"require_approval"}`),
};
// "Set `action: deny` … You can also include a `reason` field to explain why the tool is blocked."
const REASON = "Image edits are disabled for agents; ask a human designer.";
const DENY_WITH_REASON = doc(`{"action":"deny","reason":${JSON.stringify(REASON)}}`);
// "setting `max: 10` and `window: 60` limits the tool to 10 calls per minute … tracked per agent session"
const RATE_LIMIT = RULE_FORMS["rate-limit"];

const parsedPlan = (text: string) => {
  const parsed = parsePolicy(text);
  if (!parsed.ok) throw new Error(formatIssues(parsed.errors));
  return { document: parsed.document, plan: compilePolicy(parsed.document) };
};
const brief = (d: Decision) => ({ outcome: d.outcome, rule: d.rule, message: d.message });

describe("the quoted examples, verbatim", () => {
  it.each([...Object.entries(RULE_FORMS), ["deny with reason", DENY_WITH_REASON]])("%s is accepted and kept as written", (_name, text) => {
    const parsed = parsePolicy(text);
    expect(parsed.ok && JSON.stringify(parsed.document)).toBe(text);
  });

  it("allow, deny, rate-limit, require approval decide as the page says", () => {
    const decide = (text: string) => evaluate(parsedPlan(text).plan, EDIT, session("s1"));
    expect(brief(decide(RULE_FORMS.allow))).toEqual({ outcome: "allow", rule: "", message: "" });
    expect(decide(RULE_FORMS.allow).reservations).toEqual([]);
    expect(brief(decide(RULE_FORMS.deny))).toEqual({
      outcome: "deny",
      rule: "/tools/flux_edit_image/action",
      message: 'Tool "flux_edit_image" was denied by /tools/flux_edit_image/action: the policy refuses every call of this tool.',
    });
    expect(brief(decide(RULE_FORMS["rate-limit"]))).toEqual({ outcome: "allow", rule: "", message: "" });
    expect(decide(RULE_FORMS["rate-limit"]).reservations).toHaveLength(1);
    const approval = decide(RULE_FORMS["require approval"]);
    expect(brief(approval)).toEqual({
      outcome: "approval_required",
      rule: "/tools/flux_edit_image/action",
      message: denyMsg.approval("flux_edit_image", "/tools/flux_edit_image/action"),
    });
    expect(approval.approval).toEqual({ timeoutMs: 600_000, holdMs: 20_000, roles: [], mode: "task" });
  });

  it("allow is the same as {}", () => {
    const viaAction = parsedPlan(RULE_FORMS.allow).plan;
    const viaEmpty = parsedPlan(doc("{}")).plan;
    for (const name of ["flux_edit_image", "flux_generate_image"]) {
      expect(evaluate(viaAction, { name, arguments: {} }, makeContext())).toEqual(evaluate(viaEmpty, { name, arguments: {} }, makeContext()));
    }
  });

  it("deny: every call is refused whatever its arguments, with reason as the message the agent reads", () => {
    const { plan: p } = parsedPlan(DENY_WITH_REASON);
    for (const args of [{}, { prompt: "x" }, { image_url: "https://example.com/a.png", model: "flux-kontext-pro" }]) {
      expect(brief(evaluate(p, { name: "flux_edit_image", arguments: args }, session("s1")))).toEqual({ outcome: "deny", rule: "/tools/flux_edit_image/action", message: REASON });
    }
    // Other tools are untouched: still under default deny.
    expect(evaluate(p, { name: "flux_generate_image", arguments: {} }, makeContext()).rule).toBe("(default deny)");
  });

  it("deny comes before all_tools rules, so the rule is always /tools/<tool>/action", () => {
    const p = plan({
      version: "1",
      default: "allow",
      all_tools: { require: [{ id: "ticket", conditions: [{ path: "args.ticket", op: "exists", value: true }] }] },
      tools: { flux_edit_image: { action: "deny", reason: REASON } },
    });
    expect(brief(evaluate(p, EDIT, makeContext()))).toEqual({ outcome: "deny", rule: "/tools/flux_edit_image/action", message: REASON });
  });

  it("require_approval with a reason: the reason is the approval message", () => {
    const p = plan({ version: "1", default: "deny", tools: { flux_edit_image: { action: "require_approval", reason: "a designer signs off every edit" } } });
    expect(brief(evaluate(p, EDIT, makeContext()))).toEqual({ outcome: "approval_required", rule: "/tools/flux_edit_image/action", message: "a designer signs off every edit" });
  });
});

describe("rate_limit {max: 10, window: 60}", () => {
  const { plan: p } = parsedPlan(RATE_LIMIT);
  const only = (d: Decision) => d.reservations[0] as Reservation;

  it("is 10 per 60 s in the caller's MCP session bucket", () => {
    expect(evaluate(p, EDIT, session("sess_a")).reservations).toEqual([
      {
        rule: "/tools/flux_edit_image/rate_limit",
        counter: "flux_edit_image.rate_limit",
        scope: "session",
        scopeKey: "sess_a",
        bucketKey: "org_1:session:sess_a:flux_edit_image.rate_limit",
        amount: 1,
        max: 10,
        window: { unit: "duration", ms: 60_000, label: "60s" },
        algorithm: "fixed",
      },
    ]);
  });

  it("gives every session its own bucket, and a call without a session the grant's", () => {
    const a = only(evaluate(p, EDIT, session("sess_a")));
    const b = only(evaluate(p, EDIT, session("sess_b")));
    expect(a.bucketKey).not.toBe(b.bucketKey);
    for (const ctx of [makeContext(), makeContext({ session: null })]) {
      expect(only(evaluate(p, EDIT, ctx))).toMatchObject({ scope: "grant", scopeKey: "grt_1", bucketKey: "org_1:grant:grt_1:flux_edit_image.rate_limit" });
    }
    // Two sessionless callers of one grant share it; another grant has its own.
    expect(only(evaluate(p, EDIT, makeContext({ grant: { id: "grt_2" } }))).bucketKey).toBe("org_1:grant:grt_2:flux_edit_image.rate_limit");
  });

  it.each([
    [{ max: 10, window: 60 }, { counter: "flux_edit_image.rate_limit", window: "60s", max: 10, scope: "session" }],
    [{ max: 5, window: "15m", scope: "org" }, { counter: "flux_edit_image.rate_limit", window: "15m", max: 5, scope: "org" }],
    [{ max: 100, window: "hour", counter: "edits", scope: "grant" }, { counter: "edits", window: "hour", max: 100, scope: "grant" }],
    [{ max: 3, window: 31_622_400 }, { counter: "flux_edit_image.rate_limit", window: "31622400s", max: 3, scope: "session" }],
  ])("%j means the same as the limits entry %j", (rateLimit, limit) => {
    const short = plan({ version: "1", default: "deny", tools: { flux_edit_image: { rate_limit: rateLimit } } });
    const long = plan({ version: "1", default: "deny", tools: { flux_edit_image: { limits: [limit] } } });
    for (const ctx of [session("sess_a"), makeContext()]) {
      const s = only(evaluate(short, EDIT, ctx));
      const l = only(evaluate(long, EDIT, ctx));
      expect(s.rule).toBe("/tools/flux_edit_image/rate_limit");
      expect({ ...s, rule: l.rule }).toEqual(l);
    }
  });

  it("counts after the tool's own limits, then all_tools limits", () => {
    const p2 = plan({
      version: "1",
      default: "deny",
      all_tools: { limits: [{ counter: "calls", window: "minute", max: 120, scope: "session" }] },
      tools: { flux_edit_image: { rate_limit: { max: 10, window: 60 }, limits: [{ counter: "daily", window: "day", max: 200, scope: "identity" }] } },
    });
    expect(evaluate(p2, EDIT, session("sess_a")).reservations.map((r) => [r.rule, r.bucketKey])).toEqual([
      ["/tools/flux_edit_image/limits/daily", "org_1:identity:idn_1:daily"],
      ["/tools/flux_edit_image/rate_limit", "org_1:session:sess_a:flux_edit_image.rate_limit"],
      ["/all_tools/limits/calls", "org_1:session:sess_a:calls"],
    ]);
  });

  it("on a glob key counts every matching tool in one bucket, like a limits entry there", () => {
    const p2 = plan({ version: "1", default: "deny", tools: { "flux_*": { rate_limit: { max: 10, window: 60 } } } });
    const keys = ["flux_edit_image", "flux_generate_image"].map((name) => only(evaluate(p2, { name, arguments: {} }, session("s"))).bucketKey);
    expect(keys).toEqual(["org_1:session:s:flux_*.rate_limit", "org_1:session:s:flux_*.rate_limit"]);
  });
});

describe("explain, tools/list and the builder's round trip", () => {
  const mixed = {
    version: "1",
    default: "deny",
    list: "callable",
    tools: {
      flux_edit_image: { rate_limit: { max: 10, window: 60 } },
      flux_delete_image: { action: "deny", reason: "deleting is for humans" },
      flux_cancel_task: { action: "require_approval", deny_if: [{ id: "old", conditions: [{ path: "args.age_days", op: "gt", value: 30 }] }] },
      flux_get_task: { action: "allow" },
    },
  };

  it("explain shows the action step and the rate_limit step", () => {
    const p = plan(mixed);
    const denied = explain(p, { name: "flux_delete_image", arguments: {} }, makeContext());
    expect(denied.trace.map((s) => [s.stage, s.rule, s.fired, s.reached, s.decisive])).toEqual([
      ["hide", "(hidden)", false, true, false],
      ["tool", "/tools/flux_delete_image", false, true, false],
      ["action", "/tools/flux_delete_image/action", true, true, true],
    ]);
    const limited = explain(p, EDIT, session("s"));
    expect(limited.trace.at(-1)).toMatchObject({ stage: "limits", rule: "/tools/flux_edit_image/rate_limit", fired: false, reached: true });
    expect(limited.trace.at(-1)?.reason).toContain("session scope");
    const approval = explain(p, { name: "flux_cancel_task", arguments: { age_days: 1 } }, makeContext());
    expect(approval.trace.at(-1)).toMatchObject({ stage: "approve_if", rule: "/tools/flux_cancel_task/action", fired: true, decisive: true });
  });

  it('list: "callable" drops a tool whose action is deny', () => {
    const tools = Object.keys(mixed.tools).map((name) => ({ name }));
    expect(filterToolsList(plan(mixed), tools).map((t) => t.name)).toEqual(["flux_edit_image", "flux_cancel_task", "flux_get_task"]);
  });

  it("shorthandUsed names each shorthand field as written, with the pointer decisions use", () => {
    const parsed = parsePolicy(mixed);
    expect(parsed.ok && shorthandUsed(parsed.document)).toEqual([
      { tool: "flux_edit_image", field: "rate_limit", pointer: "/tools/flux_edit_image/rate_limit", value: { max: 10, window: 60 } },
      { tool: "flux_delete_image", field: "action", pointer: "/tools/flux_delete_image/action", value: "deny" },
      { tool: "flux_delete_image", field: "reason", pointer: "/tools/flux_delete_image/reason", value: "deleting is for humans" },
      { tool: "flux_cancel_task", field: "action", pointer: "/tools/flux_cancel_task/action", value: "require_approval" },
      { tool: "flux_get_task", field: "action", pointer: "/tools/flux_get_task/action", value: "allow" },
    ]);
  });

  it("expandShorthand writes the canonical form, which is valid and decides the same calls the same way", () => {
    const parsed = parsePolicy(mixed);
    if (!parsed.ok) throw new Error(formatIssues(parsed.errors));
    const expanded = expandShorthand(parsed.document);
    expect(expanded.tools).toEqual({
      flux_edit_image: { limits: [{ counter: "flux_edit_image.rate_limit", window: "60s", max: 10, scope: "session" }] },
      flux_delete_image: { deny_if: [{ id: "action", conditions: [], on_deny: "deleting is for humans" }] },
      flux_cancel_task: { deny_if: [{ id: "old", conditions: [{ path: "args.age_days", op: "gt", value: 30 }] }], approve_if: [{ id: "action", conditions: [] }] },
      flux_get_task: {},
    });
    const reparsed = parsePolicy(JSON.parse(JSON.stringify(expanded)));
    expect(reparsed.ok && shorthandUsed(reparsed.document)).toEqual([]);
    const [short, long] = [compilePolicy(parsed.document), plan(expanded)];
    const calls = [EDIT, { name: "flux_delete_image", arguments: {} }, { name: "flux_cancel_task", arguments: { age_days: 40 } }, { name: "flux_cancel_task", arguments: { age_days: 2 } }, { name: "flux_get_task", arguments: {} }, { name: "other", arguments: {} }];
    for (const call of calls) {
      const [a, b] = [evaluate(short, call, session("s")), evaluate(long, call, session("s"))];
      expect([a.outcome, a.reservations.map((r) => r.bucketKey)]).toEqual([b.outcome, b.reservations.map((r) => r.bucketKey)]);
    }
    // A written reason stays the message; only the rule pointer names the new place.
    expect(brief(evaluate(long, { name: "flux_delete_image", arguments: {} }, makeContext()))).toEqual({
      outcome: "deny",
      rule: "/tools/flux_delete_image/deny_if/action",
      message: "deleting is for humans",
    });
  });

  it("expandShorthand leaves a canonical document as it is", () => {
    const parsed = parsePolicy(doc(`{"limits":[{"counter":"c","window":"minute","max":1,"scope":"grant"}]}`));
    expect(parsed.ok && JSON.stringify(expandShorthand(parsed.document))).toBe(doc(`{"limits":[{"counter":"c","window":"minute","max":1,"scope":"grant"}]}`));
  });
});

describe("invalid shorthand is refused with its path", () => {
  const issuesOf = (value: unknown) => {
    const r = parsePolicy(value);
    return r.ok ? "(valid)" : formatIssues(r.errors);
  };
  const tool = (rule: object, extra: object = {}) => ({ version: "1", default: "deny", tools: { flux_edit_image: rule }, ...extra });

  it("deny combined with predicates, limits or approval settings: each dead field at its path", () => {
    expect(
      issuesOf(
        tool({
          action: "deny",
          reason: "no",
          require: [{ conditions: [] }],
          deny_if: [{ conditions: [] }],
          approve_if: [{ conditions: [] }],
          limits: [{ counter: "c", window: "minute", max: 1, scope: "grant" }],
          rate_limit: { max: 10, window: 60 },
          approval: { hold: "5s" },
        }),
      ),
    ).toMatchInlineSnapshot(`
      "tools.flux_edit_image.require: never runs: "action": "deny" refuses every call of this tool before require is looked at; remove require or change "action"
      tools.flux_edit_image.deny_if: never runs: "action": "deny" refuses every call of this tool before deny_if is looked at; remove deny_if or change "action"
      tools.flux_edit_image.approve_if: never runs: "action": "deny" refuses every call of this tool before approve_if is looked at; remove approve_if or change "action"
      tools.flux_edit_image.limits: never runs: "action": "deny" refuses every call of this tool before limits is looked at; remove limits or change "action"
      tools.flux_edit_image.rate_limit: never runs: "action": "deny" refuses every call of this tool before rate_limit is looked at; remove rate_limit or change "action"
      tools.flux_edit_image.approval: never runs: "action": "deny" refuses every call of this tool before approval is looked at; remove approval or change "action""
    `);
  });

  it("deny with empty lists is fine: nothing there would run", () => {
    expect(issuesOf(tool({ action: "deny", deny_if: [], limits: [] }))).toBe("(valid)");
  });

  it("reason without a refusing action, bad action values, bad rate_limit fields", () => {
    expect(
      issuesOf({
        version: "1",
        default: "deny",
        all_tools: { rate_limit: { max: 1, window: 60 }, action: "deny" },
        tools: {
          a: { reason: "why" },
          b: { action: "allow", reason: "why" },
          c: { action: "block" },
          d: { rate_limit: { max: 10, window: 0 } },
          e: { rate_limit: { max: 10, window: 1.5 } },
          f: { rate_limit: { max: 10, window: "fortnight" } },
          g: { rate_limit: { max: 10, window: true } },
          h: { rate_limit: { window: 60, per: "session" } },
          i: { rate_limit: { max: 10, window: 60, scope: "agent" } },
          j: { rate_limit: { max: 10, window: 60, counter: "a:b" } },
          "k:l": { rate_limit: { max: 10, window: 60 } },
          m: { rate_limit: { max: 10, window: 60 }, limits: [{ counter: "m.rate_limit", window: "minute", max: 5, scope: "grant" }] },
          n: { rate_limit: { max: -1 } },
        },
      }),
    ).toMatchInlineSnapshot(`
      "all_tools.rate_limit: unknown field "rate_limit": the PolicyLayer shorthand belongs on a rule under "tools"; here write "limits"
      all_tools.action: unknown field "action": the PolicyLayer shorthand belongs on a rule under "tools"; here write "deny_if" or "approve_if"
      tools.c.action: expected one of "allow", "deny", "require_approval", got "block"
      tools.g.rate_limit.window: expected a number of seconds or a window like "minute" or "15m", got true
      tools.h.rate_limit.max: required field "max" is missing
      tools.h.rate_limit.per: unknown field "per"
      tools.i.rate_limit.scope: expected one of "grant", "identity", "server", "org", "session", got "agent"
      tools.n.rate_limit.max: must be ≥ 0, got the number -1
      tools.n.rate_limit.window: required field "window" is missing
      tools.a.reason: "reason" is the message of "action": "deny" or "require_approval", but there is no "action", so it would never be shown
      tools.b.reason: "reason" is the message of "action": "deny" or "require_approval", but "action": "allow" never refuses a call, so it would never be shown
      tools.d.rate_limit.window: a window in seconds must be a whole number from 1 to 31622400 (366 days), got 0
      tools.e.rate_limit.window: a window in seconds must be a whole number from 1 to 31622400 (366 days), got 1.5
      tools.f.rate_limit.window: unknown window "fortnight"; write a number of seconds (60) or "minute", "hour", "day", "week", "month" or a duration like "30s", "15m", "6h", "2d" (at most 366d)
      tools.j.rate_limit.counter: counter names cannot contain "/", "~" or ":" (they appear in rule pointers and bucket keys)
      tools["k:l"].rate_limit: the default counter "k:l.rate_limit" would contain "/", "~" or ":"; give this rate_limit a "counter"
      tools.m.rate_limit: counter "m.rate_limit" is also limits[0].counter of this tool; give this rate_limit its own "counter""
    `);
  });

  it("the canonical v1 forms are unchanged: a session scope is also accepted on any limits entry", () => {
    expect(issuesOf({ version: "1", default: "deny", all_tools: { limits: [{ counter: "c", window: "minute", max: 5, scope: "session" }] } })).toBe("(valid)");
  });
});

describe("policyJsonSchema", () => {
  type Node = { properties: Record<string, Node>; additionalProperties: Node | boolean; items: Node; enum?: string[]; required?: string[]; type?: unknown };
  const schema = policyJsonSchema as Node;
  const toolRule = schema.properties.tools?.additionalProperties as Node;

  it("describes the shorthand on a tool rule, strictly", () => {
    expect(toolRule.properties.action?.enum).toEqual(["allow", "deny", "require_approval"]);
    expect(toolRule.properties.reason?.type).toBe("string");
    const rateLimit = toolRule.properties.rate_limit as Node;
    expect(Object.keys(rateLimit.properties)).toEqual(["max", "window", "scope", "counter"]);
    expect(rateLimit.required).toEqual(["max", "window"]);
    expect(rateLimit.additionalProperties).toBe(false);
    expect(rateLimit.properties.window?.type).toEqual(["number", "string"]);
    expect(rateLimit.properties.scope?.enum).toContain("session");
  });

  it("offers the session scope on limits entries", () => {
    expect(toolRule.properties.limits?.items.properties.scope?.enum).toEqual(["grant", "identity", "server", "org", "session"]);
  });
});
