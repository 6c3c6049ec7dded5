import type { Operator } from "./operators.ts";
import { compileOperator, missingResult } from "./operator-tests.ts";
import { type ParsedPath, parsePath } from "./path.ts";
import { MISSING, resolveArgs, resolveContext, someArgs } from "./resolve-path.ts";
import type { Condition } from "./schema.ts";
import type { EvalContext } from "./types.ts";

export type ConditionTest = (args: Record<string, unknown>, ctx: EvalContext) => boolean;

export type CompiledCondition = {
  readonly source: Condition;
  readonly test: ConditionTest;
  /** Leaf conditions only: the parsed path, for explain. */
  readonly path: ParsedPath | null;
};

export function compileCondition(cond: Condition): CompiledCondition {
  if ("any" in cond) {
    const parts = cond.any.map((c) => compileCondition(c).test);
    return {
      source: cond,
      path: null,
      test: (args, ctx) => {
        for (const part of parts) if (part(args, ctx)) return true;
        return false;
      },
    };
  }
  if ("not" in cond) {
    const inner = compileCondition(cond.not).test;
    return { source: cond, path: null, test: (args, ctx) => !inner(args, ctx) };
  }
  const parsed = parsePath(cond.path);
  if (!parsed.ok) throw new Error(`compilePolicy: ${parsed.message} (validate with parsePolicy first)`);
  return { source: cond, path: parsed.path, test: compileLeaf(parsed.path, cond.op, cond.value) };
}

function compileLeaf(path: ParsedPath, op: Operator, value: unknown): ConditionTest {
  const test = compileOperator(op, value);
  const missing = missingResult(op, value);
  if (path.source !== "args") {
    return (_args, ctx) => {
      const v = resolveContext(path, ctx);
      return v === MISSING ? missing : test(v);
    };
  }
  const segments = path.segments;
  if (!path.wildcard) {
    return (args) => {
      const v = resolveArgs(args, segments);
      return v === MISSING ? missing : test(v);
    };
  }
  // [*]: true if the operator holds for any element; when no element resolves at all the
  // path counts as missing (so exists:false and url_host_not_in keep their meaning).
  return (args) => {
    let resolvedAny = false;
    const hit = someArgs(args, segments, 0, (v) => {
      resolvedAny = true;
      return test(v);
    });
    return hit || (!resolvedAny && missing);
  };
}
