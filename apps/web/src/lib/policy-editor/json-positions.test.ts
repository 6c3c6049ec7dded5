import { describe, expect, it } from "vitest";
import { parseJsonTree, pathSegments, rangeOf } from "./json-positions";

const text = `{
  "version": "1",
  "default": "deny",
  "tools": {
    "a.b": {
      "limits": [
        { "counter": "c", "window": "minute", "max": -1, "scope": "grant" }
      ]
    }
  }
}
`;

function lineOf(path: string): number {
  const doc = JSON.parse(text);
  const { from } = rangeOf(parseJsonTree(text), text, pathSegments(path, doc));
  return text.slice(0, from).split("\n").length;
}

describe("json positions", () => {
  it("splits a path against the document, so tool names with dots stay whole", () => {
    expect(pathSegments("tools.a.b.limits[0].max", JSON.parse(text))).toEqual(["tools", "a.b", "limits", 0, "max"]);
  });

  it("finds the line of a value, and of the deepest existing part of a missing one", () => {
    expect(lineOf("tools.a.b.limits[0].max")).toBe(7);
    expect(lineOf("default")).toBe(3);
    expect(lineOf("tools.a.b.require")).toBe(5);
    expect(lineOf("")).toBe(1);
  });
});
