import { describe, expect, it } from "vitest";
import { canonicalJson, evaluate, HARD_LIMITS, importIntercept, parsePolicy } from "../src/index.ts";
import { makeContext, plan } from "./helpers.ts";

// Tenants write policies and agents write arguments: both are hostile input. Speed is
// measured in bench/, so these only assert that the work completes with a clear answer.

describe("hostile input", () => {
  it("(a+)+$ against a 100 kB string completes: the regex engine is linear", () => {
    const p = plan({ version: "1", default: "allow", tools: { t: { deny_if: [{ id: "redos", conditions: [{ path: "args.s", op: "regex", value: "(a+)+$" }] }] } } });
    const evil = `${"a".repeat(100_000)}!`;
    const d = evaluate(p, { name: "t", arguments: { s: evil } }, makeContext());
    expect(d.outcome).toBe("allow"); // no match: the trailing "!" defeats "$"
    expect(evaluate(p, { name: "t", arguments: { s: "a".repeat(100_000) } }, makeContext()).outcome).toBe("deny");
  });

  it("backtracking-only regex features are validation errors, not a fallback", () => {
    const r = parsePolicy({ version: "1", default: "allow", tools: { t: { deny_if: [{ conditions: [{ path: "args.s", op: "regex", value: "(a)\\1" }] }] } } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.message).toMatch(/not valid RE2 syntax/);
  });

  it("a 1 MB document is refused with one clear error", () => {
    const tools: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) tools[`tool_${i}_${"x".repeat(100)}`] = {};
    const text = JSON.stringify({ version: "1", default: "deny", tools });
    expect(text.length).toBeGreaterThan(1_000_000);
    const r = parsePolicy(text);
    expect(r).toEqual({ ok: false, errors: [{ path: "", message: `document is ${text.length} characters; the limit is ${HARD_LIMITS.maxDocumentChars}` }] });
    const asValue = parsePolicy(JSON.parse(text));
    expect(asValue.ok).toBe(false);
  });

  it("deeply nested conditions are refused, not a stack overflow", () => {
    let cond: unknown = { path: "args.a", op: "eq", value: 1 };
    for (let i = 0; i < 100_000; i++) cond = { not: cond };
    const doc = { version: "1", default: "allow", tools: { t: { deny_if: [{ conditions: [cond] }] } } };
    expect(parsePolicy(doc)).toEqual({ ok: false, errors: [{ path: "", message: "document nests deeper than 32 levels; the limit is 32" }] });
    const text = `${'{"version":"1","default":"allow","x":'.repeat(1)}${"[".repeat(50_000)}${"]".repeat(50_000)}}`;
    expect(parsePolicy(text).ok).toBe(false);
  });

  it("nesting within the limit is accepted and evaluated", () => {
    let cond: unknown = { path: "args.a", op: "eq", value: 1 };
    for (let i = 0; i < 10; i++) cond = { not: { not: cond } };
    const p = plan({ version: "1", default: "allow", tools: { t: { deny_if: [{ id: "deep", conditions: [cond] }] } } });
    expect(evaluate(p, { name: "t", arguments: { a: 1 } }, makeContext()).outcome).toBe("deny");
  });

  it("thousands of tools are refused above the limit and handled below it", () => {
    const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, {}]));
    expect(parsePolicy({ version: "1", default: "deny", tools: many(5000) })).toEqual({
      ok: false,
      errors: [{ path: "tools", message: "has 5000 tools; the limit is 1000" }],
    });
    const p = plan({ version: "1", default: "deny", tools: many(1000) });
    expect(evaluate(p, { name: "t999", arguments: {} }, makeContext()).outcome).toBe("allow");
  });

  it("a cyclic value passed to parsePolicy is refused", () => {
    const doc: Record<string, unknown> = { version: "1", default: "allow" };
    doc.tools = { t: doc };
    expect(parsePolicy(doc).ok).toBe(false);
  });

  it("a huge operator string gets a bounded-time error", () => {
    const r = parsePolicy({ version: "1", default: "allow", tools: { t: { deny_if: [{ conditions: [{ path: "args.a", op: "g".repeat(200_000), value: 1 }] }] } } });
    expect(r.ok).toBe(false);
  });

  it("arguments nested beyond the canonical depth limit throw a TypeError, not a RangeError", () => {
    let v: unknown = 1;
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(() => canonicalJson(v)).toThrow(TypeError);
  });

  it("YAML alias bombs are refused", () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join("\n");
    const r = importIntercept(bomb);
    expect(r.document).toBeNull();
    expect(r.errors.length).toBeGreaterThan(0);
  });
});
