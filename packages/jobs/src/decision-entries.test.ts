import { describe, expect, it } from "vitest";
import { decodeDecisionEntry, encodeDecisionEntries } from "./decision-entries.ts";

const event = (id: string, pad = 0) => ({ id, argKeys: Array.from({ length: pad }, (_, i) => `k${i}`) });

describe("decision stream entries", () => {
  it("puts a flush in one entry, and reads it back in order", () => {
    const entries = encodeDecisionEntries([event("a"), event("b"), event("c")]);
    expect(entries).toHaveLength(1);
    expect(decodeDecisionEntry(entries[0] as string[])).toEqual([event("a"), event("b"), event("c")]);
  });

  it("splits a flush past the size bound, every event kept once and in order; a lone big event gets its own entry", () => {
    const events = [event("a", 300), event("b", 300), event("huge", 5000), event("c")];
    const entries = encodeDecisionEntries(events, 4000);
    for (const [, value] of entries) expect(value.length <= 4000 || JSON.parse(value).length === 1).toBe(true);
    expect(entries.length).toBeGreaterThan(1);
    expect(entries.flatMap((fields) => decodeDecisionEntry(fields) as unknown[])).toEqual(events);
  });

  it("reads an older proxy's single-event entry and says why an entry holds no events", () => {
    expect(decodeDecisionEntry(["e", JSON.stringify(event("a"))])).toEqual([event("a")]);
    expect(decodeDecisionEntry(["b", "{oops"])).toBe("not JSON");
    expect(decodeDecisionEntry(["b", "{}"])).toBe('"b" is not a JSON array');
    expect(decodeDecisionEntry(["x", "y"])).toBe('no "b" or "e" field');
    expect(decodeDecisionEntry(null)).toBe("entry deleted before it was read");
  });
});
