import { describe, expect, it } from "vitest";
import { diffDocuments } from "./policy-diff.ts";

describe("diffDocuments", () => {
  it("names added, removed and changed fields at their validation-style paths", () => {
    const before = { version: "1", default: "deny", hide: ["a"], tools: { x: { limits: [{ max: 5 }] }, gone: {} } };
    const after = { version: "1", default: "allow", hide: ["a", "b"], tools: { x: { limits: [{ max: 10 }] }, added: { deny_if: [] } } };
    expect(diffDocuments(before, after)).toEqual([
      { path: "default", kind: "changed", before: "deny", after: "allow" },
      { path: "hide[1]", kind: "added", after: "b" },
      { path: "tools.added", kind: "added", after: { deny_if: [] } },
      { path: "tools.gone", kind: "removed", before: {} },
      { path: "tools.x.limits[0].max", kind: "changed", before: 5, after: 10 },
    ]);
  });

  it("finds nothing between equal documents, whatever their key order", () => {
    expect(diffDocuments({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it("reports a change of type as one change of the whole value", () => {
    expect(diffDocuments({ hide: "*" }, { hide: ["*"] })).toEqual([{ path: "hide", kind: "changed", before: "*", after: ["*"] }]);
  });
});
