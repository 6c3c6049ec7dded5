// The three policies issue 3 names for the benchmark, and issue 16's shorthand, with a representative call mix each.
import type { ToolCall } from "../src/index.ts";

export const FLUX = {
  version: "1",
  default: "deny",
  tools: { flux_edit_image: { limits: [{ counter: "flux_edit_image_rate", window: "minute", max: 30, scope: "grant" }] } },
};
export const FLUX_CALLS: ToolCall[] = [
  { name: "flux_edit_image", arguments: { prompt: "make the sky purple", image_url: "https://cdn.example.com/a.png", strength: 0.6 } },
  { name: "flux_generate", arguments: { prompt: "a cat" } },
];

/** PolicyLayer's per-tool shorthand (issue 16): a per-session rate_limit and an action: deny. */
export const SHORTHAND = {
  version: "1",
  default: "deny",
  tools: {
    flux_edit_image: { rate_limit: { max: 10, window: 60 } },
    flux_delete_image: { action: "deny", reason: "Deleting images is reserved for humans." },
  },
};
export const SHORTHAND_CALLS: ToolCall[] = [
  { name: "flux_edit_image", arguments: { prompt: "make the sky purple", image_url: "https://cdn.example.com/a.png", strength: 0.6 } },
  { name: "flux_delete_image", arguments: { image_id: "img_1" } },
  { name: "flux_generate", arguments: { prompt: "a cat" } },
];

const PREDICATE_KINDS = [
  { path: "args.branch", op: "regex", value: "^(main|release/[0-9]+\\.[0-9]+)$" },
  { path: "args.callback_url", op: "url_host_not_in", value: ["hooks.example.com", "*.internal.example.com"] },
  { path: "args.query", op: "not_regex", value: "^[A-Za-z0-9 _.,:-]{0,200}$" },
  { path: "args.items[*].sku", op: "in", value: ["BANNED-1", "BANNED-2", "BANNED-3"] },
  { path: "args.amount", op: "gt", value: 10000 },
];

/** 100 tools, 20 predicates (regex, not_regex, url_host_not_in, [*] in, gt) on 20 of them, a limit on each. */
export function hundredTools(): object {
  const tools: Record<string, object> = {};
  for (let i = 0; i < 100; i++) {
    const rules: Record<string, unknown> = { limits: [{ counter: `tool_${i}_rate`, window: "minute", max: 60, scope: "grant" }] };
    if (i < 20) {
      const kind = PREDICATE_KINDS[i % PREDICATE_KINDS.length];
      rules[i % 2 === 0 ? "deny_if" : "require"] = [{ id: `p${i}`, conditions: [kind], on_deny: `rule ${i}` }];
    }
    tools[`tool_${i}`] = rules;
  }
  return {
    version: "1",
    default: "deny",
    hide: ["admin_reset"],
    all_tools: { limits: [{ counter: "calls", window: "minute", max: 600, scope: "grant" }] },
    tools,
  };
}
const richArgs = {
  branch: "release/1.24",
  callback_url: "https://build.internal.example.com/hook?x=1",
  query: "select name, email from users where plan = pro",
  items: [{ sku: "A-1" }, { sku: "B-2" }, { sku: "C-3" }],
  amount: 420,
};
export const HUNDRED_CALLS: ToolCall[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 37, 99].map((i) => ({ name: `tool_${i}`, arguments: richArgs }));

/** 300 glob keys of three shapes plus glob hides; most calls fall through to late globs. */
export function globHeavy(): object {
  const tools: Record<string, object> = {};
  for (let i = 0; i < 100; i++) {
    tools[`svc${i}_*`] = { limits: [{ counter: `svc${i}`, window: "hour", max: 1000, scope: "identity" }] };
    tools[`*_delete_${i}`] = { deny_if: [{ id: "no", conditions: [] }] };
    tools[`team${i}_*_read_*`] = {};
  }
  tools.svc7_exact = {};
  return { version: "1", default: "allow", hide: ["internal_*", "*_debug"], tools };
}
export const GLOB_CALLS: ToolCall[] = [
  { name: "svc99_list_things", arguments: {} },
  { name: "team42_orders_read_all", arguments: {} },
  { name: "user_delete_73", arguments: {} },
  { name: "svc7_exact", arguments: {} },
  { name: "nothing_matches_this_tool", arguments: {} },
  { name: "internal_tool", arguments: {} },
];
