import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { argumentsHash, type Condition, canonicalJson, compilePolicy, evaluate, filterToolsList, OPERATORS, parsePolicy, type PolicyDocument } from "../src/index.ts";
import { makeContext } from "./helpers.ts";

// Random but valid documents: a few tools, hide entries and simple predicates drawn from a
// small alphabet of tool names so collisions (listed, hidden, called) are frequent.
const toolName = fc.constantFrom("a", "b", "c", "del_x", "del_y", "*");
const callName = fc.constantFrom("a", "b", "c", "del_x", "del_y", "zzz");
const condition = fc.record({
  path: fc.constantFrom("args.n", "args.s", "args.items[*]", "identity.kind", "time.hour"),
  op: fc.constantFrom("eq", "neq", "gt", "lte", "exists", "contains", "in"),
  value: fc.constantFrom<unknown>(1, 5, "x", true),
});
const fixValue = (c: { path: string; op: string; value: unknown }): Condition =>
  ({ ...c, value: c.op === "exists" ? true : c.op === "in" ? [c.value] : c.op === "gt" || c.op === "lte" ? 3 : c.value }) as Condition;
const predicates = fc.array(fc.array(condition, { maxLength: 2 }), { maxLength: 2 }).map((list) => list.map((cs, i) => ({ id: `p${i}`, conditions: cs.map(fixValue) })));
const rules = fc.record({ require: predicates, deny_if: predicates, approve_if: predicates }, { requiredKeys: [] });
const docArb = fc.record({
  default: fc.constantFrom("allow", "deny"),
  hide: fc.array(fc.constantFrom("a", "b", "del_*", "*", "zzz"), { maxLength: 2 }),
  tools: fc.dictionary(toolName.map((n) => (n === "*" ? "del_*" : n)), rules, { maxKeys: 4 }),
  list: fc.constantFrom("all", "callable"),
});
const argsArb = fc.record({ n: fc.oneof(fc.integer({ min: -2, max: 8 }), fc.constant("5")), s: fc.constantFrom("x", "y"), items: fc.array(fc.constantFrom(1, 5, "x"), { maxLength: 3 }) }, { requiredKeys: [] });
const ctxArb = fc.record({ kind: fc.constantFrom("agent", "human"), now: fc.integer({ min: 0, max: 4_000_000_000_000 }) });

function compile(doc: unknown) {
  const parsed = parsePolicy({ version: "1", ...(doc as object) });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return { document: parsed.document, plan: compilePolicy(parsed.document) };
}
const ctxOf = (c: { kind: string; now: number }) => makeContext({ now: c.now, identity: { id: "i", name: "n", kind: c.kind, labels: {} } });

describe("properties", () => {
  it("a hidden tool is never allowed", () => {
    fc.assert(
      fc.property(docArb, callName, argsArb, ctxArb, (doc, name, args, c) => {
        const { plan } = compile(doc);
        const hide: readonly string[] = doc.hide;
        const hidden = hide.includes("*") || hide.includes(name) || (hide.includes("del_*") && name.startsWith("del_"));
        const d = evaluate(plan, { name, arguments: args }, ctxOf(c));
        if (hidden) expect([d.outcome, d.rule]).toEqual(["deny", "(hidden)"]);
      }),
    );
  });

  it("under default deny an unlisted tool is never allowed", () => {
    fc.assert(
      fc.property(docArb, argsArb, ctxArb, (doc, args, c) => {
        const { plan } = compile({ ...doc, default: "deny" });
        const d = evaluate(plan, { name: "zzz", arguments: args }, ctxOf(c));
        expect(d.outcome).toBe("deny");
      }),
    );
  });

  it("adding a deny_if never turns a deny into an allow", () => {
    fc.assert(
      fc.property(docArb, callName, argsArb, ctxArb, fc.array(condition, { maxLength: 2 }), (doc, name, args, c, extra) => {
        const { document, plan } = compile(doc);
        const before = evaluate(plan, { name, arguments: args }, ctxOf(c));
        const more: PolicyDocument = structuredClone(document);
        for (const rules of Object.values(more.tools ?? {})) rules.deny_if = [...(rules.deny_if ?? []), { id: "added", conditions: extra.map(fixValue) }];
        const after = evaluate(compile(more).plan, { name, arguments: args }, ctxOf(c));
        if (before.outcome === "deny") expect(after.outcome).toBe("deny");
        if (before.outcome !== "allow") expect(after.outcome).not.toBe("allow");
      }),
    );
  });

  it("the canonical hash is invariant under key order", () => {
    const shuffle = (v: unknown, seed: number): unknown => {
      if (Array.isArray(v)) return v.map((x, i) => shuffle(x, seed + i));
      if (v === null || typeof v !== "object") return v;
      const entries = Object.entries(v);
      const rotated = entries.map((_, i) => entries[(i + seed) % entries.length] as [string, unknown]).reverse();
      return Object.fromEntries(rotated.map(([k, x]) => [k, shuffle(x, seed + 1)]));
    };
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(50), (value, seed) => {
        const shuffled = shuffle(value, seed);
        expect(canonicalJson(shuffled)).toBe(canonicalJson(value));
        expect(argumentsHash(shuffled)).toBe(argumentsHash(value));
        // And canonicalJson is still JSON for the same value.
        expect(canonicalJson(JSON.parse(canonicalJson(value)))).toBe(canonicalJson(value));
      }),
    );
  });

  it("filterToolsList never shows a tool whose call would be refused with (hidden)", () => {
    fc.assert(
      fc.property(docArb, fc.boolean(), (doc, shadow) => {
        const { plan } = compile({ ...doc, mode: shadow ? "shadow" : "enforce" });
        const tools = ["a", "b", "c", "del_x", "del_y", "zzz"].map((name) => ({ name }));
        for (const t of filterToolsList(plan, tools)) {
          expect(evaluate(plan, { name: t.name, arguments: {} }, makeContext()).rule).not.toBe("(hidden)");
        }
      }),
    );
  });

  it("list: callable never shows a tool that is refused with (default deny)", () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const { plan } = compile({ ...doc, list: "callable" });
        for (const t of filterToolsList(plan, [{ name: "zzz" }, { name: "a" }, { name: "del_x" }])) {
          expect(evaluate(plan, { name: t.name, arguments: {} }, makeContext()).rule).not.toBe("(default deny)");
        }
      }),
    );
  });

  it("evaluate never throws on arbitrary arguments, for every operator", () => {
    const operand: Record<string, unknown> = { in: [1, "x"], not_in: [1], lt: 1, lte: 1, gt: 1, gte: 1, regex: "^a", not_regex: "b$", exists: true };
    Object.assign(operand, { starts_with: "a", ends_with: "z", length_lte: 3, length_gte: 1, url_host_in: ["*.a.com"], url_host_not_in: ["a.com"] });
    const { plan } = compile({
      default: "allow",
      tools: { t: { require: OPERATORS.map((op, i) => ({ id: `o${i}`, conditions: [{ path: "args.x[*].y", op, value: operand[op] ?? "x" }] })) } },
    });
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (x, y) => {
        const d = evaluate(plan, { name: "t", arguments: { x, y, z: [{ y: x }] } as Record<string, unknown> }, makeContext());
        expect(["allow", "deny"]).toContain(d.outcome);
      }),
    );
  });
});
