import { compilePolicy, parsePolicy } from "@gatehouse/policy";
import { describe, expect, it } from "vitest";
import type { Limiter } from "./limiter.ts";
import { ResponseTracker } from "./response-inspect.ts";

function plan(doc: unknown) {
  const parsed = parsePolicy(doc);
  if (!parsed.ok) throw new Error("bad policy");
  return compilePolicy(parsed.document);
}

const released: unknown[] = [];
const limiter = { release: (held: unknown) => released.push(held) } as unknown as Limiter;

describe("ResponseTracker", () => {
  it("filters a tracked tools/list result and keeps nextCursor and _meta", () => {
    const tracker = new ResponseTracker(plan({ version: "1", default: "allow", hide: ["secret_*"] }), limiter, false);
    tracker.trackToolsList(4);
    const out = tracker.inspect({
      jsonrpc: "2.0",
      id: 4,
      result: { tools: [{ name: "a" }, { name: "secret_x" }], nextCursor: "c2", _meta: { m: 1 } },
    });
    expect(out).toEqual({ jsonrpc: "2.0", id: 4, result: { tools: [{ name: "a" }], nextCursor: "c2", _meta: { m: 1 } } });
  });

  it("leaves untracked results alone unless asked to filter them", () => {
    const p = plan({ version: "1", default: "allow", hide: ["b"] });
    const message = { jsonrpc: "2.0", id: 9, result: { tools: [{ name: "a" }, { name: "b" }] } };
    expect(new ResponseTracker(p, limiter, false).inspect(message)).toBeNull();
    expect(new ResponseTracker(p, limiter, true).inspect(message)).toMatchObject({ result: { tools: [{ name: "a" }] } });
  });

  it("releases quota for error and isError results, not for successes, and for calls never answered", () => {
    released.length = 0;
    const tracker = new ResponseTracker(null, limiter, false);
    const event = () => ({ outcome: "allowed", message: null }) as never;
    const held = (n: number) => ({ keys: [`k${n}`], amounts: ["1"] });
    tracker.trackCall({ id: 1, event: event(), held: held(1) });
    tracker.trackCall({ id: 2, event: event(), held: held(2) });
    tracker.trackCall({ id: "3", event: event(), held: held(3) });
    tracker.trackCall({ id: 4, event: event(), held: held(4) });
    tracker.inspect([
      { jsonrpc: "2.0", id: 1, result: { content: [] } },
      { jsonrpc: "2.0", id: 2, error: { code: -32603, message: "x" } },
      { jsonrpc: "2.0", id: "3", result: { content: [], isError: true } },
    ]);
    expect(released).toEqual([held(2), held(3)]);
    expect(tracker.pendingIds).toEqual([4]);
    tracker.failPending("gone");
    expect(released).toEqual([held(2), held(3), held(4)]);
  });
});
