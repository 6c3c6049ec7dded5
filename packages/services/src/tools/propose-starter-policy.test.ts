// The starter policy is a valid document, and it decides as the issue promises when the real
// policy engine evaluates it: reads pass, writes carry a limit, destructive tools are hidden,
// financial ones wait for approval, and a callback to a private host is refused.
import { compilePolicy, evaluate, parsePolicy } from "@gatehouse/policy";
import { describe, expect, it } from "vitest";
import { classifyTool } from "./classify-risk.ts";
import { type ClassifiedTool, proposeStarterPolicy } from "./propose-starter-policy.ts";

const tool = (name: string, annotations: object, properties: Record<string, unknown> = {}): ClassifiedTool => {
  const c = classifyTool({ name, annotations, inputSchema: { type: "object", properties } });
  return { name, riskCategory: c.category, riskLevel: c.level, riskSignals: c.signals };
};

const tools = [
  tool("flux_get_task", { readOnlyHint: true }, { task_id: { type: "string" } }),
  tool("flux_edit_image", { readOnlyHint: false }, { prompt: { type: "string" }, callback_url: { type: "string", format: "uri" } }),
  tool("flux_delete_image", { destructiveHint: true }, { image_id: { type: "string" } }),
  tool("refund_order", {}, { amount: { type: "number" } }),
];

const ctx = { orgId: "org_1", identity: { id: "idn_1", name: "a", kind: "agent", labels: {} }, grant: { id: "grt_1" }, server: { id: "srv_1", name: "s" }, now: Date.now() };

describe("proposeStarterPolicy", () => {
  const { document, rationale } = proposeStarterPolicy(tools);
  const parsed = parsePolicy(document);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const plan = compilePolicy(parsed.document);
  const decide = (name: string, args: Record<string, unknown> = {}) => evaluate(plan, { name, arguments: args }, ctx);

  it("is a valid policy document with one line of rationale per tool", () => {
    expect(parsed.ok).toBe(true);
    expect(rationale.map((r) => r.tool).sort()).toEqual(tools.map((t) => t.name).sort());
  });

  it("allows reads, limits writes to 30 a minute per grant", () => {
    expect(decide("flux_get_task", { task_id: "t" }).outcome).toBe("allow");
    const write = decide("flux_edit_image", { prompt: "x", callback_url: "https://hooks.example.com/x" });
    expect(write.outcome).toBe("allow");
    expect(write.reservations).toEqual([expect.objectContaining({ max: 30 })]);
  });

  it("hides destructive tools and asks approval for financial ones", () => {
    expect(decide("flux_delete_image", { image_id: "i" })).toMatchObject({ outcome: "deny", rule: "(hidden)" });
    expect(decide("refund_order", { amount: 5 }).outcome).toBe("approval_required");
  });

  it.each(["http://127.0.0.1/x", "http://localhost:8080/", "https://10.0.0.5/hook", "http://169.254.169.254/latest", "http://[::1]/", "HTTP://192.168.1.1/"])(
    "refuses a callback_url to %s",
    (url) => {
      const decision = decide("flux_edit_image", { prompt: "x", callback_url: url });
      expect(decision.outcome).toBe("deny");
      expect(decision.rule).toMatch(/^\/tools\/flux_edit_image\/deny_if\/private-host-callback_url/);
    },
  );

  it("refuses a tool nobody has decided about yet (default deny)", () => {
    expect(decide("brand_new_tool").outcome).toBe("deny");
  });
});
