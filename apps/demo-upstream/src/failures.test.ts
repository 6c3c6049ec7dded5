import { describe, expect, it } from "vitest";
import { FailureInjector } from "./failures.ts";

describe("FailureInjector", () => {
  it("fails the next count matching calls, then stops", () => {
    const failures = new FailureInjector();
    failures.add({ mode: "http_500", count: 2 });
    expect([failures.take("a"), failures.take("b"), failures.take("a")]).toEqual(["http_500", "http_500", undefined]);
  });

  it("matches a named tool only and keeps queued plans in order", () => {
    const failures = new FailureInjector();
    failures.add({ mode: "hang", tool: "x" });
    failures.add({ mode: "close" });
    expect(failures.take("y")).toBe("close");
    expect(failures.take("y")).toBeUndefined();
    expect(failures.take("x")).toBe("hang");
  });

  it("rejects malformed plans and forgets everything on reset", () => {
    const failures = new FailureInjector();
    expect(() => failures.add({ mode: "is_error", count: 0 })).toThrow();
    failures.add({ mode: "is_error", count: 3 });
    failures.reset();
    expect(failures.take("a")).toBeUndefined();
  });
});
