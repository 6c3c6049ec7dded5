import { describe, expect, it } from "vitest";
import { builderToolNames, setToolState, toolState } from "./builder-model";

describe("builder model", () => {
  it("reads each tool's state from the document, PolicyLayer shorthand included", () => {
    const doc = {
      version: "1",
      default: "deny",
      hide: ["secret"],
      tools: {
        a: {},
        b: { deny_if: [{ conditions: [] }] },
        c: { action: "deny", reason: "no" },
        d: { approve_if: [{ conditions: [] }] },
        e: { action: "require_approval" },
        f: { limits: [{ counter: "x", window: "minute", max: 1, scope: "grant" }] },
      },
    };
    expect(["a", "b", "c", "d", "e", "f", "secret", "other"].map((t) => toolState(doc, t))).toEqual([
      "allow",
      "deny",
      "deny",
      "approval",
      "approval",
      "custom",
      "hide",
      "default",
    ]);
  });

  it("writes a state back and keeps every other field as written", () => {
    const doc = { version: "1", default: "allow", mode: "shadow", tools: { flux_edit_image: { limits: [] }, keep: { action: "deny" } } };
    const hidden = setToolState(doc, "flux_edit_image", "hide");
    expect(hidden).toEqual({ version: "1", default: "allow", mode: "shadow", hide: ["flux_edit_image"], tools: { keep: { action: "deny" } } });
    expect(toolState(hidden, "flux_edit_image")).toBe("hide");
    const back = setToolState(hidden, "flux_edit_image", "allow");
    expect(back).toEqual({ version: "1", default: "allow", mode: "shadow", tools: { keep: { action: "deny" }, flux_edit_image: {} } });
    expect(setToolState(back, "flux_edit_image", "default").tools).toEqual({ keep: { action: "deny" } });
  });

  it("lists discovered tools and the ones only the document names", () => {
    expect(builderToolNames({ tools: { z: {} }, hide: ["*", "y"] }, ["b", "a"])).toEqual(["a", "b", "y", "z"]);
  });
});
