import { describe, expect, it } from "vitest";
import { argumentsHash, canonicalJson } from "./canonical-json.ts";

describe("canonicalJson", () => {
  it("sorts keys at every depth, drops whitespace, normalizes numbers", () => {
    expect(canonicalJson({ b: [1.0, -0, { z: 1, a: 2 }], a: "x", c: undefined })).toBe('{"a":"x","b":[1,0,{"a":2,"z":1}]}');
    expect(canonicalJson([undefined, Number.NaN, 1e21])).toBe("[null,null,1e+21]");
  });
  it("throws on cycles and bigint", () => {
    const a: unknown[] = [];
    a.push(a);
    expect(() => canonicalJson(a)).toThrow(/cyclic/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/bigint/);
  });
  it("argumentsHash is the hex SHA-256 of the canonical form", () => {
    // sha256('{"a":1}') computed independently with coreutils sha256sum.
    expect(argumentsHash({ a: 1.0 })).toBe("015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862");
    expect(argumentsHash({ a: 1, b: 2 })).toBe(argumentsHash({ b: 2, a: 1 }));
    expect(argumentsHash({ a: 1 })).not.toBe(argumentsHash({ a: "1" }));
  });
});
