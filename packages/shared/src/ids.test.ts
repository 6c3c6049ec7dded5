import { describe, expect, it } from "vitest";
import { isIdOf, newId } from "./ids.ts";

describe("newId", () => {
  it("is prefixed, 26 characters after the prefix, and unique", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId("server")));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(isIdOf("server", id)).toBe(true);
  });

  it("sorts by creation time", () => {
    const a = newId("decision", 1_700_000_000_000);
    const b = newId("decision", 1_700_000_000_001);
    expect(a < b).toBe(true);
    expect(isIdOf("grant", a)).toBe(false);
  });
});
