import { describe, expect, it } from "vitest";
import { compilePolicy, evaluate, parsePolicy } from "../src/index.ts";
import { denyMsg, makeContext } from "./helpers.ts";

// Issue 3: the seed's own policy must be accepted unchanged.
const FLUX = `{"version":"1","default":"deny","tools":{"flux_edit_image":{"limits":[{"counter":"flux_edit_image_rate","window":"minute","max":30,"scope":"grant"}]}}}`;

describe("the flux example", () => {
  const parsed = parsePolicy(FLUX);
  it("is accepted unchanged", () => {
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(JSON.stringify(parsed.document)).toBe(FLUX);
  });
  const plan = parsed.ok ? compilePolicy(parsed.document) : null;

  it("allows flux_edit_image with one reservation of 1 on (grant, flux_edit_image_rate, minute, max 30)", () => {
    expect(evaluate(plan, { name: "flux_edit_image", arguments: { prompt: "a cat" } }, makeContext())).toEqual({
      outcome: "allow",
      rule: "",
      message: "",
      reservations: [
        {
          rule: "/tools/flux_edit_image/limits/flux_edit_image_rate",
          counter: "flux_edit_image_rate",
          scope: "grant",
          scopeKey: "grt_1",
          bucketKey: "org_1:grant:grt_1:flux_edit_image_rate",
          amount: 1,
          max: 30,
          window: { unit: "minute", ms: 60_000, label: "minute" },
          algorithm: "fixed",
        },
      ],
      approval: null,
      shadow: null,
    });
  });

  it.each(["flux_generate", "list_models", "FLUX_EDIT_IMAGE"])("denies %s with (default deny)", (name) => {
    const d = evaluate(plan, { name, arguments: {} }, makeContext());
    expect({ outcome: d.outcome, rule: d.rule, message: d.message, reservations: d.reservations }).toEqual({
      outcome: "deny",
      rule: "(default deny)",
      message: denyMsg.defaultDeny(name),
      reservations: [],
    });
  });
});
