import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { HARD_LIMITS } from "./hard-limits.ts";

/**
 * Canonical JSON for approval binding and logs: object keys sorted (UTF-16 code unit
 * order, as JCS) at every depth, no whitespace, numbers in shortest round-trip form
 * (1.0 → 1, -0 → 0, 1e21 → 1e+21). Follows JSON.stringify for the rest: undefined and
 * functions are dropped from objects and become null in arrays, non-finite numbers are
 * null. Throws TypeError on bigint, cycles, or nesting beyond HARD_LIMITS.maxCanonicalDepth.
 */
export function canonicalJson(value: unknown): string {
  return write(value, 0, new Set()) ?? "null";
}

/** Hex SHA-256 of canonicalJson(args); synchronous and the same in Node and the browser. */
export function argumentsHash(args: unknown): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(args))));
}

function write(value: unknown, depth: number, seen: Set<object>): string | undefined {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      throw new TypeError("canonicalJson: bigint is not JSON");
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  if (value === null) return "null";
  if (depth >= HARD_LIMITS.maxCanonicalDepth) throw new TypeError(`canonicalJson: nested deeper than ${HARD_LIMITS.maxCanonicalDepth} levels`);
  const obj = value as object;
  if (seen.has(obj)) throw new TypeError("canonicalJson: cyclic structure");
  seen.add(obj);
  let out: string;
  if (Array.isArray(obj)) {
    out = `[${obj.map((el) => write(el, depth + 1, seen) ?? "null").join(",")}]`;
  } else {
    const source = typeof (obj as { toJSON?: unknown }).toJSON === "function" ? (obj as { toJSON: () => unknown }).toJSON() : obj;
    if (source !== obj) {
      seen.delete(obj);
      return write(source, depth + 1, seen);
    }
    const parts: string[] = [];
    for (const key of Object.keys(obj).sort()) {
      const v = write((obj as Record<string, unknown>)[key], depth + 1, seen);
      if (v !== undefined) parts.push(`${JSON.stringify(key)}:${v}`);
    }
    out = `{${parts.join(",")}}`;
  }
  seen.delete(obj);
  return out;
}
