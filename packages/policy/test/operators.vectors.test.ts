import { describe, expect, it } from "vitest";
import { evaluate } from "../src/index.ts";
import { denyMsg, makeContext, plan } from "./helpers.ts";

// One vector per operator behaviour in POLICY-LANGUAGE.md "Predicates and conditions".
// Each puts a single condition in deny_if of tool "t": "fires" means the call is denied
// by that predicate (with the generated message), otherwise it is allowed.

type OpVector = { name: string; path: string; op: string; value: unknown; args: Record<string, unknown>; fires: boolean; ctx?: Parameters<typeof makeContext>[0] };

const vectors: OpVector[] = [
  { name: "eq number = number", path: "args.n", op: "eq", value: 5, args: { n: 5 }, fires: true },
  { name: "eq 5 = 5.0", path: "args.n", op: "eq", value: 5.0, args: { n: 5 }, fires: true },
  { name: 'eq "5" ≠ 5', path: "args.n", op: "eq", value: 5, args: { n: "5" }, fires: false },
  { name: "eq deep object, key order irrelevant", path: "args.o", op: "eq", value: { a: 1, b: [1, 2] }, args: { o: { b: [1, 2], a: 1 } }, fires: true },
  { name: "eq null matches a present null", path: "args.n", op: "eq", value: null, args: { n: null }, fires: true },
  { name: "neq type mismatch is not equal", path: "args.n", op: "neq", value: 5, args: { n: "5" }, fires: true },
  { name: "neq on equal values", path: "args.n", op: "neq", value: 5, args: { n: 5.0 }, fires: false },
  { name: "neq on missing path is false", path: "args.n", op: "neq", value: 5, args: {}, fires: false },
  { name: "in", path: "args.c", op: "in", value: ["usd", "eur"], args: { c: "eur" }, fires: true },
  { name: 'in: "5" not in [5]', path: "args.c", op: "in", value: [5], args: { c: "5" }, fires: false },
  { name: "in with object elements", path: "args.c", op: "in", value: [{ a: 1 }], args: { c: { a: 1 } }, fires: true },
  { name: "not_in", path: "args.c", op: "not_in", value: ["usd"], args: { c: "gbp" }, fires: true },
  { name: "not_in when present in list", path: "args.c", op: "not_in", value: ["usd"], args: { c: "usd" }, fires: false },
  { name: "lt", path: "args.n", op: "lt", value: 10, args: { n: 9.5 }, fires: true },
  { name: "lte boundary", path: "args.n", op: "lte", value: 10, args: { n: 10 }, fires: true },
  { name: "gt", path: "args.n", op: "gt", value: 10, args: { n: 11 }, fires: true },
  { name: "gt boundary", path: "args.n", op: "gt", value: 10, args: { n: 10 }, fires: false },
  { name: "gte", path: "args.n", op: "gte", value: 10, args: { n: 10 }, fires: true },
  { name: "gt on numeric string is false", path: "args.n", op: "gt", value: 10, args: { n: "11" }, fires: false },
  { name: "lt on boolean is false", path: "args.n", op: "lt", value: 10, args: { n: true }, fires: false },
  { name: "regex unanchored", path: "args.s", op: "regex", value: "feat/", args: { s: "refs/feat/x" }, fires: true },
  { name: "regex anchored", path: "args.s", op: "regex", value: "^feat/", args: { s: "refs/feat/x" }, fires: false },
  { name: "regex on number is false", path: "args.s", op: "regex", value: "1", args: { s: 1 }, fires: false },
  { name: "not_regex", path: "args.s", op: "not_regex", value: "^[a-z]+$", args: { s: "ABC" }, fires: true },
  { name: "not_regex when it matches", path: "args.s", op: "not_regex", value: "^[a-z]+$", args: { s: "abc" }, fires: false },
  { name: "contains substring", path: "args.s", op: "contains", value: "DROP", args: { s: "x; DROP TABLE" }, fires: true },
  { name: "contains array element", path: "args.s", op: "contains", value: 3, args: { s: [1, 2, 3.0] }, fires: true },
  { name: "contains array element of other type", path: "args.s", op: "contains", value: 3, args: { s: ["3"] }, fires: false },
  { name: "contains on number is false", path: "args.s", op: "contains", value: "1", args: { s: 1 }, fires: false },
  { name: "not_contains", path: "args.s", op: "not_contains", value: "ok", args: { s: "nope" }, fires: true },
  { name: "exists true on present", path: "args.r", op: "exists", value: true, args: { r: "x" }, fires: true },
  { name: "exists true on null is false", path: "args.r", op: "exists", value: true, args: { r: null }, fires: false },
  { name: "exists false on missing path is true", path: "args.r", op: "exists", value: false, args: {}, fires: true },
  { name: "exists false on null is true", path: "args.r", op: "exists", value: false, args: { r: null }, fires: true },
  { name: "starts_with", path: "args.s", op: "starts_with", value: "/tmp/", args: { s: "/tmp/x" }, fires: true },
  { name: "ends_with", path: "args.s", op: "ends_with", value: ".pem", args: { s: "key.pem" }, fires: true },
  { name: "ends_with on array is false", path: "args.s", op: "ends_with", value: ".pem", args: { s: ["key.pem"] }, fires: false },
  { name: "length_lte string (code points)", path: "args.s", op: "length_lte", value: 2, args: { s: "😀😀" }, fires: true },
  { name: "length_gte string", path: "args.s", op: "length_gte", value: 3, args: { s: "ab" }, fires: false },
  { name: "length_gte array", path: "args.s", op: "length_gte", value: 3, args: { s: [1, 2, 3] }, fires: true },
  { name: "length on number is false", path: "args.s", op: "length_lte", value: 3, args: { s: 12 }, fires: false },
  { name: "url_host_in exact", path: "args.u", op: "url_host_in", value: ["hooks.example.com"], args: { u: "https://hooks.example.com/x" }, fires: true },
  { name: "url_host_in *. subdomain", path: "args.u", op: "url_host_in", value: ["*.example.com"], args: { u: "http://a.b.example.com:8080/" }, fires: true },
  { name: "url_host_in *. does not match the apex", path: "args.u", op: "url_host_in", value: ["*.example.com"], args: { u: "https://example.com/" }, fires: false },
  { name: "url_host_in userinfo trick", path: "args.u", op: "url_host_in", value: ["hooks.example.com"], args: { u: "https://hooks.example.com@evil.com/" }, fires: false },
  { name: "url_host_in non-http scheme", path: "args.u", op: "url_host_in", value: ["hooks.example.com"], args: { u: "ftp://hooks.example.com/" }, fires: false },
  { name: "url_host_in unparsable is false", path: "args.u", op: "url_host_in", value: ["hooks.example.com"], args: { u: "not a url" }, fires: false },
  { name: "url_host_not_in unparsable is true", path: "args.u", op: "url_host_not_in", value: ["hooks.example.com"], args: { u: "not a url" }, fires: true },
  { name: "url_host_not_in other host", path: "args.u", op: "url_host_not_in", value: ["hooks.example.com"], args: { u: "https://evil.com/" }, fires: true },
  { name: "url_host_not_in allowed host", path: "args.u", op: "url_host_not_in", value: ["hooks.example.com"], args: { u: "https://HOOKS.example.com./x" }, fires: false },
  { name: "url_host_not_in on missing path is true", path: "args.u", op: "url_host_not_in", value: ["hooks.example.com"], args: {}, fires: true },
  { name: "missing path: eq false", path: "args.n", op: "eq", value: null, args: {}, fires: false },
  { name: "missing path: not_in false", path: "args.n", op: "not_in", value: [1], args: {}, fires: false },
  { name: "missing path: not_regex false", path: "args.n", op: "not_regex", value: "x", args: {}, fires: false },
  { name: "path through a non-object is missing", path: "args.a.b", op: "exists", value: true, args: { a: "str" }, fires: false },
  { name: "prototype keys do not resolve", path: "args.constructor", op: "exists", value: true, args: {}, fires: false },
  { name: "nested key", path: "args.meta.k", op: "eq", value: "v", args: { meta: { k: "v" } }, fires: true },
  { name: "array index", path: "args.items[1].sku", op: "eq", value: "B", args: { items: [{ sku: "A" }, { sku: "B" }] }, fires: true },
  { name: "array index out of range is missing", path: "args.items[5].sku", op: "exists", value: true, args: { items: [] }, fires: false },
  { name: "[*] matches if any element matches", path: "args.items[*].sku", op: "eq", value: "B", args: { items: [{ sku: "A" }, { sku: "B" }] }, fires: true },
  { name: "[*] no element matches", path: "args.items[*].sku", op: "eq", value: "C", args: { items: [{ sku: "A" }, { sku: "B" }] }, fires: false },
  { name: "[*] on empty array is missing (exists:false true)", path: "args.items[*].sku", op: "exists", value: false, args: { items: [] }, fires: true },
  { name: "[*] nested", path: "args.o[*].l[*]", op: "gt", value: 9, args: { o: [{ l: [1] }, { l: [2, 10] }] }, fires: true },
  { name: "identity.name", path: "identity.name", op: "eq", value: "support-bot", args: {}, fires: true },
  { name: "identity.kind", path: "identity.kind", op: "eq", value: "human", args: {}, fires: false },
  { name: "identity.labels.<key>", path: "identity.labels.team", op: "in", value: ["support", "ops"], args: {}, fires: true },
  { name: "missing label: exists false", path: "identity.labels.region", op: "exists", value: false, args: {}, fires: true },
  { name: "grant.id", path: "grant.id", op: "eq", value: "grt_1", args: {}, fires: true },
  { name: "server.name", path: "server.name", op: "starts_with", value: "bill", args: {}, fires: true },
  { name: "time.hour is UTC", path: "time.hour", op: "eq", value: 14, args: {}, fires: true },
  { name: "time.weekday 1 = Monday", path: "time.weekday", op: "eq", value: 1, args: {}, fires: true },
  { name: "time.weekday 7 = Sunday", path: "time.weekday", op: "eq", value: 7, args: {}, fires: true, ctx: { now: Date.UTC(2025, 0, 5, 23, 59) } },
];

describe("operator vectors", () => {
  it.each(vectors)("$name", (v) => {
    const p = plan({ version: "1", default: "deny", tools: { t: { deny_if: [{ conditions: [{ path: v.path, op: v.op, value: v.value }] }] } } });
    const d = evaluate(p, { name: "t", arguments: v.args }, makeContext(v.ctx));
    const rule = `/tools/t/deny_if/${v.path}-${v.op}`;
    if (v.fires) expect({ outcome: d.outcome, rule: d.rule, message: d.message }).toEqual({ outcome: "deny", rule, message: denyMsg.denyIf("t", rule) });
    else expect({ outcome: d.outcome, rule: d.rule, message: d.message }).toEqual({ outcome: "allow", rule: "", message: "" });
  });
});

describe("any / not", () => {
  const p = plan({
    version: "1",
    default: "deny",
    tools: {
      t: {
        deny_if: [
          { id: "risky", conditions: [{ any: [{ path: "args.env", op: "eq", value: "prod" }, { not: { path: "args.dry_run", op: "eq", value: true } }] }] },
        ],
      },
    },
  });
  const rule = "/tools/t/deny_if/risky";
  it.each([
    [{ env: "prod", dry_run: true }, "deny"],
    [{ env: "dev", dry_run: false }, "deny"],
    [{ env: "dev" }, "deny"], // not(missing → false) is true
    [{ env: "dev", dry_run: true }, "allow"],
  ] as const)("%j → %s", (args, outcome) => {
    const d = evaluate(p, { name: "t", arguments: args }, makeContext());
    expect({ outcome: d.outcome, rule: d.rule, message: d.message }).toEqual(
      outcome === "deny" ? { outcome, rule, message: denyMsg.denyIf("t", rule) } : { outcome, rule: "", message: "" },
    );
  });
});
