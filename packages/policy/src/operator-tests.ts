import { isPrimitive, jsonEqual } from "./json-equal.ts";
import type { Operator } from "./operators.ts";
import { compileRegex } from "./regex.ts";
import { compileHostList, hostInList, urlHost } from "./url-host.ts";

export type ValueTest = (actual: unknown) => boolean;

/**
 * The operator applied to a resolved value, with its operand pre-processed once (regex
 * compiled, `in` lists turned into Sets, host lists split). Negated operators are the
 * exact negation of their positive form for any resolved value, so `neq` on "5" vs 5 is
 * true and `not_regex` on a number is true; an unresolved path is handled by the caller.
 */
export function compileOperator(op: Operator, value: unknown): ValueTest {
  switch (op) {
    case "eq":
      return isPrimitive(value) ? (a) => a === value : (a) => jsonEqual(a, value);
    case "neq":
      return negate(compileOperator("eq", value));
    case "in":
      return membership(value as unknown[]);
    case "not_in":
      return negate(membership(value as unknown[]));
    case "lt":
      return (a) => typeof a === "number" && a < (value as number);
    case "lte":
      return (a) => typeof a === "number" && a <= (value as number);
    case "gt":
      return (a) => typeof a === "number" && a > (value as number);
    case "gte":
      return (a) => typeof a === "number" && a >= (value as number);
    case "regex":
      return regexTest(value as string);
    case "not_regex":
      return negate(regexTest(value as string));
    case "contains":
      return containsTest(value);
    case "not_contains":
      return negate(containsTest(value));
    case "exists":
      return value === true ? (a) => a !== null : (a) => a === null;
    case "starts_with":
      return (a) => typeof a === "string" && a.startsWith(value as string);
    case "ends_with":
      return (a) => typeof a === "string" && a.endsWith(value as string);
    case "length_lte":
      return (a) => {
        const n = lengthOf(a, (value as number) + 1);
        return n >= 0 && n <= (value as number);
      };
    case "length_gte":
      return (a) => lengthOf(a, value as number) >= (value as number);
    case "url_host_in": {
      const list = compileHostList(value as string[]);
      return (a) => {
        const host = urlHost(a);
        return host !== null && hostInList(host, list);
      };
    }
    case "url_host_not_in":
      return negate(compileOperator("url_host_in", value));
  }
}

/** Result of an operator on a path that does not resolve: fail closed for require. */
export function missingResult(op: Operator, value: unknown): boolean {
  if (op === "exists") return value === false;
  return op === "url_host_not_in";
}

function negate(test: ValueTest): ValueTest {
  return (a) => !test(a);
}

function membership(list: readonly unknown[]): ValueTest {
  if (list.every(isPrimitive)) {
    // SameValueZero: 5 and 5.0 and -0/0 coincide, "5" and 5 do not — the policy's equality.
    const set = new Set<unknown>(list);
    return (a) => set.has(a);
  }
  return (a) => list.some((v) => jsonEqual(a, v));
}

function regexTest(pattern: string): ValueTest {
  const compiled = compileRegex(pattern);
  if (!compiled.ok) throw new Error(`compilePolicy: ${compiled.message} (validate with parsePolicy first)`);
  const re = compiled.regex;
  return (a) => typeof a === "string" && re.test(a);
}

function containsTest(value: unknown): ValueTest {
  return (a) => {
    if (typeof a === "string") return typeof value === "string" && a.includes(value);
    if (Array.isArray(a)) {
      for (const el of a) if (jsonEqual(el, value)) return true;
    }
    return false;
  };
}

// Length in code points (what an author means by characters), counting only as far as
// `enough` so a 1 MB string costs nothing more than a short one. -1 when not measurable.
function lengthOf(a: unknown, enough: number): number {
  if (Array.isArray(a)) return a.length;
  if (typeof a !== "string") return -1;
  let n = 0;
  for (let i = 0; i < a.length && n < enough; i++) {
    const c = a.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < a.length) {
      const d = a.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
