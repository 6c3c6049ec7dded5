import { parsePolicy } from "@gatehouse/policy";
import { describe, expect, it } from "vitest";
import {
  approvalModeOf,
  builderToolNames,
  type Doc,
  documentForm,
  NEW_RATE_LIMIT,
  rateLimitOf,
  readRateLimitWindow,
  setApprovalMode,
  setRateLimit,
  setToolReason,
  setToolState,
  setValidateArguments,
  toolReason,
  toolState,
  validateArgumentsOf,
} from "./builder-model";

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

const valid = (doc: Doc) => {
  const result = parsePolicy(doc);
  expect(result.ok ? [] : result.errors).toEqual([]);
  return doc;
};

describe("builder model: PolicyLayer shorthand", () => {
  it("reads and writes action + reason in the form the document uses", () => {
    const doc = valid({ version: "1", default: "deny", tools: { flux_edit_image: { action: "deny", reason: "Image edits are disabled for agents." } } });
    expect(documentForm(doc)).toBe("shorthand");
    expect(toolReason(doc, "flux_edit_image")).toBe("Image edits are disabled for agents.");
    const edited = valid(setToolReason(doc, "flux_edit_image", "Ask a designer."));
    expect(edited.tools).toEqual({ flux_edit_image: { action: "deny", reason: "Ask a designer." } });
    expect(valid(setToolReason(edited, "flux_edit_image", "")).tools).toEqual({ flux_edit_image: { action: "deny" } });
    // Deny → Approval keeps the shorthand and the reason.
    const approval = valid(setToolState(edited, "flux_edit_image", "approval"));
    expect(approval.tools).toEqual({ flux_edit_image: { action: "require_approval", reason: "Ask a designer." } });
    expect(toolState(approval, "flux_edit_image")).toBe("approval");
    // A new Deny in a shorthand document is written as shorthand; in a canonical one, canonically.
    expect(valid(setToolState(doc, "other", "deny")).tools).toMatchObject({ other: { action: "deny" } });
    const canonical = valid(setToolState({ version: "1", default: "allow" }, "t", "deny"));
    expect(canonical.tools).toEqual({ t: { deny_if: [{ conditions: [] }] } });
    expect(valid(setToolReason(canonical, "t", "no")).tools).toEqual({ t: { deny_if: [{ conditions: [], on_deny: "no" }] } });
    expect(toolReason(setToolReason(canonical, "t", "no"), "t")).toBe("no");
    // Either form on request.
    expect(valid(setToolState({ version: "1", default: "allow" }, "t", "deny", "shorthand")).tools).toEqual({ t: { action: "deny" } });
    expect(valid(setToolState(doc, "flux_edit_image", "deny", "canonical"))).toBe(doc);
    expect(valid(setToolState(approval, "flux_edit_image", "deny", "canonical")).tools).toEqual({
      flux_edit_image: { deny_if: [{ conditions: [], on_deny: "Ask a designer." }] },
    });
  });

  it("reads and writes rate_limit in place", () => {
    const doc = valid({ version: "1", default: "deny", tools: { flux_edit_image: { rate_limit: { max: 10, window: 60 }, approval: { timeout: "5m" } } } });
    expect(toolState(doc, "flux_edit_image")).toBe("custom");
    expect(rateLimitOf(doc, "flux_edit_image")).toEqual({ max: 10, window: 60 });
    const more = valid(setRateLimit(doc, "flux_edit_image", { max: 20 }));
    expect(more.tools).toEqual({ flux_edit_image: { rate_limit: { max: 20, window: 60 }, approval: { timeout: "5m" } } });
    expect(Object.keys((more.tools as Doc).flux_edit_image as Doc)).toEqual(["rate_limit", "approval"]);
    // session is the default scope: choosing it writes nothing; another scope is written.
    expect(setRateLimit(doc, "flux_edit_image", { scope: "session" })).toEqual(doc);
    const grant = valid(setRateLimit(doc, "flux_edit_image", { scope: "grant", window: readRateLimitWindow("15m") }));
    expect(rateLimitOf(grant, "flux_edit_image")).toEqual({ max: 10, window: "15m", scope: "grant" });
    expect(rateLimitOf(setRateLimit(grant, "flux_edit_image", { scope: "session" }), "flux_edit_image")).toEqual({ max: 10, window: "15m", scope: "session" });
    expect(readRateLimitWindow(" 60 ")).toBe(60);
    // Add rate limit on a tool without one, and remove it again.
    const added = valid(setRateLimit(valid({ version: "1", default: "deny", tools: { t: { require: [{ conditions: [] }] } } }), "t", NEW_RATE_LIMIT));
    expect(added.tools).toEqual({ t: { require: [{ conditions: [] }], rate_limit: { max: 10, window: 60 } } });
    expect(valid(setRateLimit(added, "t", undefined)).tools).toEqual({ t: { require: [{ conditions: [] }] } });
  });

  it("round-trips a pasted PolicyLayer document unchanged when nothing is edited", () => {
    const text = `{
  "version": "1",
  "default": "deny",
  "tools": {
    "flux_edit_image": { "action": "deny", "reason": "Image edits are disabled for agents; ask a human designer." },
    "flux_generate": { "rate_limit": { "max": 10, "window": 60 } },
    "flux_upscale": { "action": "require_approval" },
    "flux_list": { "action": "allow" },
    "flux_vary": { "rate_limit": { "window": "15m", "max": 3, "counter": "vary", "scope": "identity" }, "require": [{ "conditions": [] }] }
  }
}`;
    const doc = valid(JSON.parse(text) as Doc);
    let out = doc;
    for (const tool of Object.keys(doc.tools as Doc)) {
      out = setToolState(out, tool, toolState(out, tool));
      const reason = toolReason(out, tool);
      if (reason !== undefined) out = setToolReason(out, tool, reason);
    }
    expect(JSON.stringify(out)).toBe(JSON.stringify(doc));
    expect(valid(out)).toEqual(JSON.parse(text));
  });
});

describe("builder model: validate_arguments", () => {
  it("reads beside any state, keeps it when the state changes, and round-trips a document unchanged", () => {
    const text = `{
  "version": "1",
  "default": "deny",
  "tools": {
    "flux_edit_image": { "action": "deny", "reason": "No edits.", "validate_arguments": "off" },
    "flux_generate": { "validate_arguments": "shadow" },
    "delete_*": { "deny_if": [{ "conditions": [] }], "validate_arguments": "enforce" },
    "flux_vary": { "validate_arguments": "enforce", "require": [{ "conditions": [] }] }
  }
}`;
    const doc = valid(JSON.parse(text) as Doc);
    expect(toolState(doc, "flux_edit_image")).toBe("deny");
    expect(toolState(doc, "flux_generate")).toBe("allow");
    expect(toolState(doc, "delete_*")).toBe("deny");
    expect(toolState(doc, "flux_vary")).toBe("custom");
    expect(validateArgumentsOf(doc, "flux_edit_image")).toBe("off");
    expect(validateArgumentsOf(doc, "flux_vary")).toBe("enforce");
    let out = doc;
    for (const tool of Object.keys(doc.tools as Doc)) {
      out = setToolState(out, tool, toolState(out, tool));
      out = setValidateArguments(out, tool, validateArgumentsOf(out, tool));
    }
    expect(JSON.stringify(out)).toBe(JSON.stringify(doc));

    // A state change keeps the override; Default drops the entry and the override with it.
    const approval = valid(setToolState(doc, "flux_edit_image", "approval"));
    expect((approval.tools as Doc).flux_edit_image).toEqual({ action: "require_approval", reason: "No edits.", validate_arguments: "off" });
    expect(validateArgumentsOf(valid(setToolState(doc, "flux_generate", "default")), "flux_generate")).toBeUndefined();
  });

  it("sets and removes the override in place, only on a tool that has an entry", () => {
    const doc = valid({ version: "1", default: "allow", tools: { a: { limits: [{ counter: "c", window: "minute", max: 1, scope: "grant" }] } } });
    const set = valid(setValidateArguments(doc, "a", "shadow"));
    expect(Object.keys((set.tools as Doc).a as Doc)).toEqual(["limits", "validate_arguments"]);
    expect(valid(setValidateArguments(set, "a", "off")).tools).toEqual({ a: { limits: [{ counter: "c", window: "minute", max: 1, scope: "grant" }], validate_arguments: "off" } });
    expect(valid(setValidateArguments(set, "a", undefined))).toEqual(doc);
    // No entry (Default) or hidden: nothing to attach it to, the document is unchanged.
    expect(setValidateArguments(doc, "b", "enforce")).toBe(doc);
  });
});

describe("builder model: approval.mode", () => {
  it("reads and writes a tool's approval mode beside its approval block, which travels only with Approval", () => {
    const doc = valid({
      version: "1",
      default: "allow",
      tools: { pay: { approve_if: [{ conditions: [] }], approval: { hold: "30s" } }, refund: { action: "require_approval" } },
    });
    expect(toolState(doc, "pay")).toBe("approval");
    expect(approvalModeOf(doc, "pay")).toBeUndefined();

    const hold = valid(setApprovalMode(doc, "pay", "hold"));
    expect((hold.tools as Doc).pay).toEqual({ approve_if: [{ conditions: [] }], approval: { hold: "30s", mode: "hold" } });
    expect(approvalModeOf(hold, "pay")).toBe("hold");
    expect(toolState(hold, "pay")).toBe("approval");
    // Back to the default: the mode goes, the rest of the block stays; an emptied block goes too.
    expect(valid(setApprovalMode(hold, "pay", undefined))).toEqual(doc);
    const task = valid(setApprovalMode(doc, "refund", "task"));
    expect((task.tools as Doc).refund).toEqual({ action: "require_approval", approval: { mode: "task" } });
    expect(valid(setApprovalMode(task, "refund", undefined))).toEqual(doc);

    // Leaving Approval drops the block (it would configure nothing); a tool without an entry is left alone.
    expect((valid(setToolState(hold, "pay", "deny")).tools as Doc).pay).toEqual({ deny_if: [{ conditions: [] }] });
    expect(setApprovalMode(doc, "other", "hold")).toBe(doc);
  });
});
