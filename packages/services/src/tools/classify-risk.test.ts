// Risk classification, table-driven: the demo upstream's six tools as PolicyLayer rates them, and
// one definition per category and signal a user would recognize.
import { describe, expect, it } from "vitest";
import { classifyTool } from "./classify-risk.ts";

const obj = (properties: Record<string, unknown>) => ({ type: "object", properties });

describe("classifyTool", () => {
  it.each([
    ["flux_get_task", { readOnlyHint: true }, obj({ task_id: { type: "string" } }), "read", "low"],
    ["flux_list_tasks", { readOnlyHint: true }, obj({ limit: { type: "integer" } }), "read", "low"],
    ["flux_generate_image", { readOnlyHint: false, destructiveHint: false }, obj({ prompt: { type: "string" } }), "write", "medium"],
    ["flux_cancel_task", { readOnlyHint: false, destructiveHint: false }, obj({ task_id: { type: "string" } }), "write", "medium"],
    ["flux_delete_image", { readOnlyHint: false, destructiveHint: true }, obj({ image_id: { type: "string" } }), "destructive", "high"],
    ["refund_order", {}, obj({ order_id: { type: "string" }, amount: { type: "number" } }), "financial", "critical"],
    ["create_invoice", {}, obj({ customer: { type: "string" } }), "financial", "high"],
    ["run_query", {}, obj({ sql: { type: "string" } }), "execute", "critical"],
    ["execShell", {}, obj({ args: { type: "array" } }), "execute", "high"],
    ["dropTable", {}, obj({ table: { type: "string" } }), "destructive", "high"],
    ["frobnicate", {}, obj({}), "other", "low"],
  ])("%s is %s / %s", (name, annotations, inputSchema, category, level) => {
    const result = classifyTool({ name, annotations, inputSchema });
    expect(result.category).toBe(category);
    expect(result.level).toBe(level);
  });

  it("rates flux_edit_image a medium write with a URL-input signal on callback_url", () => {
    const result = classifyTool({
      name: "flux_edit_image",
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
      inputSchema: obj({ prompt: { type: "string" }, image_url: { type: "string", format: "uri" }, callback_url: { type: "string", format: "uri" } }),
    });
    expect(result).toMatchObject({ category: "write", level: "medium" });
    expect(result.signals).toContainEqual({ kind: "url", argument: "callback_url", reason: "Accepts URL/endpoint input (callback_url)" });
  });

  it.each([
    ["webhook_endpoint", { type: "string" }, "url"],
    ["file_path", { type: "string" }, "file_path"],
    ["body_html", { type: "string" }, "html_template"],
    ["command", { type: "string" }, "code"],
    ["price", { type: "number" }, "money_amount"],
    ["api_key", { type: "string" }, "credentials"],
    ["recipient", { type: "string" }, "email_recipient"],
    ["reply", { type: "string", format: "email" }, "email_recipient"],
  ])("argument %s raises a %s signal naming it", (argument, schema, kind) => {
    const { signals } = classifyTool({ name: "do_thing", inputSchema: obj({ [argument]: schema }) });
    expect(signals).toContainEqual(expect.objectContaining({ kind, argument }));
  });

  it("finds signals in nested objects and array items, with their path", () => {
    const { signals } = classifyTool({
      name: "send_batch",
      inputSchema: obj({ messages: { type: "array", items: obj({ to: { type: "string" } }) }, options: obj({ callback_url: { type: "string" } }) }),
    });
    expect(signals.map((s) => s.argument)).toEqual(expect.arrayContaining(["messages[*].to", "options.callback_url"]));
  });

  it("never lifts a plain write above medium with signals alone", () => {
    const result = classifyTool({ name: "update_profile", inputSchema: obj({ password: { type: "string" }, avatar_url: { type: "string" } }) });
    expect(result).toMatchObject({ category: "write", level: "medium" });
    expect(result.signals).toHaveLength(2);
  });

  it("lifts a read that takes credentials to medium", () => {
    expect(classifyTool({ name: "get_secret", annotations: { readOnlyHint: true }, inputSchema: obj({ token: { type: "string" } }) }).level).toBe("medium");
  });
});
