import fc from "fast-check";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { checkArguments, compileArgumentValidators, compilePolicy, compileToolSchema, evaluate, explain, INVALID_ARGUMENTS_RULE, parsePolicy, policyJsonSchema } from "../src/index.ts";
import type { EvalContext } from "../src/index.ts";

export const FLUX_EDIT_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  properties: {
    prompt: { type: "string", minLength: 1, maxLength: 4000 },
    image_url: { type: "string", format: "uri" },
    model: { type: "string", enum: ["flux-kontext-pro", "flux-kontext-max"] },
    size: { type: "string", pattern: "^\\d{3,4}x\\d{3,4}$", default: "1024x1024" },
  },
  required: ["prompt", "image_url", "model"],
};

const VALID = { prompt: "make it blue", image_url: "https://example.com/a.png", model: "flux-kontext-pro" };

function verdict(schema: unknown, args: unknown) {
  const validators = compileArgumentValidators("enforce", { t: schema });
  return checkArguments(validators, "t", args);
}

describe("argument validation", () => {
  it("refuses invalid flux_edit_image arguments with paths, never values", () => {
    const check = verdict(FLUX_EDIT_SCHEMA, { image_url: 42, model: "flux-kontext-ultra" });
    expect(check?.ok).toBe(false);
    if (check?.ok !== false) return;
    const paths = check.violations.map((v) => v.path).sort();
    expect(paths).toEqual(["image_url", "model", "prompt"]);
    expect(check.message).toContain("model must be one of flux-kontext-pro, flux-kontext-max");
    expect(check.message).toContain("prompt is required");
    expect(check.message).toContain("image_url must be string");
    expect(check.message).not.toContain("ultra");
  });

  it("passes valid arguments; formats and patterns are checked", () => {
    expect(verdict(FLUX_EDIT_SCHEMA, VALID)).toEqual({ ok: true });
    expect(verdict(FLUX_EDIT_SCHEMA, { ...VALID, image_url: "not a url" })?.ok).toBe(false);
    expect(verdict(FLUX_EDIT_SCHEMA, { ...VALID, size: "big" })?.ok).toBe(false);
    expect(verdict(FLUX_EDIT_SCHEMA, { ...VALID, size: "1024x768" })).toEqual({ ok: true });
  });

  it("refuses unexpected properties only where additionalProperties is false", () => {
    expect(verdict(FLUX_EDIT_SCHEMA, { ...VALID, extra: 1 })).toEqual({ ok: true });
    const closed = { ...FLUX_EDIT_SCHEMA, additionalProperties: false };
    const check = verdict(closed, { ...VALID, extra: 1 });
    expect(check).toMatchObject({ ok: false, violations: [{ path: "extra", message: "extra is not an allowed property" }] });
  });

  it("supports draft 2020-12 by default", () => {
    const schema = { type: "object", properties: { a: { type: "array", prefixItems: [{ type: "number" }] } } };
    expect(verdict(schema, { a: ["x"] })).toMatchObject({ ok: false, violations: [{ path: "a[0]" }] });
  });

  it("tools without a schema, or with mode off, pass", () => {
    const validators = compileArgumentValidators("enforce", { t: FLUX_EDIT_SCHEMA });
    expect(checkArguments(validators, "other", {})).toBeNull();
    expect(checkArguments(compileArgumentValidators("off", { t: FLUX_EDIT_SCHEMA }), "t", {})).toBeNull();
  });

  it("evaluate: after default deny, before require; shadow notes and continues", () => {
    const parsed = parsePolicy({ version: "1", default: "deny", tools: { t: { require: [{ conditions: [{ path: "args.x", op: "exists", value: true }] }] } } });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const plan = compilePolicy(parsed.document);
    const ctx: EvalContext = { orgId: "o", identity: { id: "i", name: "n", kind: "agent", labels: {} }, grant: { id: "g" }, server: { id: "s", name: "s" }, now: 0 };
    const enforce = compileArgumentValidators("enforce", { t: { type: "object", required: ["y"] }, other: { type: "object", required: ["y"] } });
    expect(evaluate(plan, { name: "other", arguments: {} }, ctx, enforce).rule).toBe("(default deny)");
    const refused = evaluate(plan, { name: "t", arguments: {} }, ctx, enforce);
    expect(refused).toMatchObject({ outcome: "deny", rule: INVALID_ARGUMENTS_RULE, violationPaths: ["y"], reservations: [] });
    const shadow = evaluate(plan, { name: "t", arguments: {} }, ctx, compileArgumentValidators("shadow", { t: { type: "object", required: ["y"] } }));
    expect(shadow).toMatchObject({ outcome: "deny", rule: expect.stringContaining("/require"), argumentShadow: { rule: INVALID_ARGUMENTS_RULE, violationPaths: ["y"] } });
    expect(evaluate(plan, { name: "t", arguments: { y: 1 } }, ctx, enforce).rule).toContain("/require");
  });

  it("property: engine verdict equals the reference Ajv verdict", () => {
    const reference = new Ajv({ strict: false, allErrors: true });
    const schema = {
      type: "object",
      properties: { a: { type: "integer", minimum: 0, maximum: 10 }, b: { type: "string", enum: ["x", "y"] }, c: { type: "array", items: { type: "boolean" }, maxItems: 3 } },
      required: ["a"],
      additionalProperties: false,
    };
    const ref = reference.compile(schema);
    const validators = compileArgumentValidators("enforce", { t: schema });
    const value = fc.oneof(fc.integer({ min: -3, max: 13 }), fc.constantFrom("x", "y", "z"), fc.array(fc.oneof(fc.boolean(), fc.integer()), { maxLength: 4 }), fc.constant(null), fc.double());
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("a", "b", "c", "d"), value), (args) => {
        expect(checkArguments(validators, "t", args)?.ok).toBe(ref(args));
      }),
      { numRuns: 500 },
    );
  });

  describe("hostile schemas compile to a warning, never a throw", () => {
    it("5 MB schema", () => {
      const properties: Record<string, unknown> = {};
      for (let i = 0; i < 60_000; i++) properties[`p${i}`] = { type: "string", description: "x".repeat(60) };
      expect(compileToolSchema({ type: "object", properties })).toMatchObject({ ok: false, warning: expect.stringContaining("limit") });
    });
    it("10,000-deep nesting", () => {
      let schema: Record<string, unknown> = { type: "string" };
      for (let i = 0; i < 10_000; i++) schema = { type: "object", properties: { a: schema } };
      expect(compileToolSchema(schema)).toMatchObject({ ok: false, warning: expect.stringContaining("deeper") });
    });
    it("remote $ref is not fetched", () => {
      expect(compileToolSchema({ $ref: "https://evil.example/schema.json" })).toMatchObject({ ok: false, warning: expect.stringContaining("cannot be compiled") });
    });
    it("catastrophic pattern runs in linear time (RE2) or is refused", () => {
      const compiled = compileToolSchema({ type: "object", properties: { s: { type: "string", pattern: "^(a+)+$" } } });
      expect(compiled.ok).toBe(true);
      if (!compiled.ok) return;
      expect(compiled.validate({ s: `${"a".repeat(50_000)}!` }).ok).toBe(false);
      expect(compileToolSchema({ type: "object", properties: { s: { type: "string", pattern: "(a)\\1" } } }).ok).toBe(false);
    });
  });
});

describe("validate_arguments: the per-tool override in the policy", () => {
  const ctx: EvalContext = { orgId: "o", identity: { id: "i", name: "n", kind: "agent", labels: {} }, grant: { id: "g" }, server: { id: "s", name: "s" }, now: 0 };
  const schemas = { edit: FLUX_EDIT_SCHEMA, delete_a: { type: "object", required: ["id"] }, read: { type: "object", required: ["q"] } };
  const bad = { prompt: "x", image_url: "https://example.com/a.png", model: "flux-kontext-ultra" };
  function planOf(doc: unknown) {
    const parsed = parsePolicy(doc);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return compilePolicy(parsed.document);
  }

  it("parses enforce, shadow and off on a tool rule (exact or glob) and refuses anything else at its path", () => {
    const doc = { version: "1", default: "allow", tools: { edit: { validate_arguments: "shadow" }, "delete_*": { validate_arguments: "enforce" }, read: { validate_arguments: "off" } } };
    const parsed = parsePolicy(doc);
    expect(parsed.ok).toBe(true);
    // The document is returned as written, so editors and the builder round-trip it.
    if (parsed.ok) expect(parsed.document).toEqual(doc);
    const wrong = parsePolicy({ version: "1", default: "allow", tools: { edit: { validate_arguments: "strict" } } });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.errors.map((e) => e.path)).toEqual(["tools.edit.validate_arguments"]);
    const typo = parsePolicy({ version: "1", default: "allow", tools: { edit: { validate_argument: "off" } } });
    expect(typo.ok).toBe(false);
    if (!typo.ok) expect(typo.errors[0]?.message).toContain("validate_arguments");
    // Not a policy-wide field: all_tools has no such key.
    expect(parsePolicy({ version: "1", default: "allow", all_tools: { validate_arguments: "off" } }).ok).toBe(false);
  });

  it("overrides the server's mode per tool: enforce under a server that is off, off or shadow under one that enforces", () => {
    const plan = planOf({ version: "1", default: "allow", tools: { edit: { validate_arguments: "enforce" }, "delete_*": { validate_arguments: "off" }, read: { validate_arguments: "shadow" } } });
    const serverOff = compileArgumentValidators("off", schemas);
    expect(evaluate(plan, { name: "edit", arguments: bad }, ctx, serverOff)).toMatchObject({ outcome: "deny", rule: INVALID_ARGUMENTS_RULE, violationPaths: ["model"] });
    const serverEnforce = compileArgumentValidators("enforce", schemas);
    expect(evaluate(plan, { name: "delete_a", arguments: {} }, ctx, serverEnforce)).toMatchObject({ outcome: "allow", rule: "" });
    const shadow = evaluate(plan, { name: "read", arguments: {} }, ctx, serverEnforce);
    expect(shadow).toMatchObject({ outcome: "allow", argumentShadow: { rule: INVALID_ARGUMENTS_RULE, violationPaths: ["q"] } });
    // A tool the policy does not mention keeps the server's mode; a tool without a schema passes.
    const unlisted = planOf({ version: "1", default: "allow" });
    expect(evaluate(unlisted, { name: "edit", arguments: bad }, ctx, serverEnforce).rule).toBe(INVALID_ARGUMENTS_RULE);
    expect(evaluate(unlisted, { name: "edit", arguments: bad }, ctx, serverOff).rule).toBe("");
    expect(evaluate(plan, { name: "unknown_tool", arguments: {} }, ctx, compileArgumentValidators("enforce", {})).outcome).toBe("allow");
  });

  it("explain shows the validation step: refused with its paths, or why a tool is not validated", () => {
    const plan = planOf({ version: "1", default: "allow", tools: { edit: { validate_arguments: "enforce" }, read: { validate_arguments: "off" } } });
    const validators = compileArgumentValidators("enforce", { ...schemas, broken: { $ref: "https://evil.example/s.json" } });
    const refused = explain(plan, { name: "edit", arguments: bad }, ctx, validators);
    expect(refused.decision.rule).toBe(INVALID_ARGUMENTS_RULE);
    expect(refused.trace.find((s) => s.stage === "arguments")).toMatchObject({ rule: INVALID_ARGUMENTS_RULE, fired: true, decisive: true, violationPaths: ["model"] });
    expect(refused.trace.find((s) => s.stage === "arguments")?.reason).toContain("model must be one of");
    expect(explain(plan, { name: "read", arguments: {} }, ctx, validators).trace.find((s) => s.stage === "arguments")).toMatchObject({ fired: false, reason: expect.stringContaining('validate_arguments is "off"') });
    expect(explain(plan, { name: "broken", arguments: {} }, ctx, validators).trace.find((s) => s.stage === "arguments")?.reason).toContain("cannot be compiled");
    expect(explain(plan, { name: "nothing", arguments: {} }, ctx, validators).trace.find((s) => s.stage === "arguments")?.reason).toContain("no accepted inputSchema");
    // Without validators and without an override, traces are as before (no validation step).
    expect(explain(planOf({ version: "1", default: "allow" }), { name: "edit", arguments: {} }, ctx).trace.some((s) => s.stage === "arguments")).toBe(false);
  });

  it("is in the document's JSON Schema, on tool rules only", () => {
    const schema = policyJsonSchema as { properties: { tools: { additionalProperties: { properties: Record<string, { enum?: string[] }> } }; all_tools: { properties: Record<string, unknown> } } };
    expect(schema.properties.tools.additionalProperties.properties.validate_arguments?.enum).toEqual(["enforce", "shadow", "off"]);
    expect(schema.properties.all_tools.properties.validate_arguments).toBeUndefined();
  });
});
