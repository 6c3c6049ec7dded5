import { describe, expect, it } from "vitest";
import { rewriteEvent, SseParser } from "./sse.ts";

describe("SseParser", () => {
  it("yields events only once terminated, across arbitrary chunk splits", () => {
    const text = 'event: message\nid: 1\ndata: {"a":1}\n\n: keep-alive\n\ndata: line1\ndata: line2\r\n\r\n';
    for (let cut = 1; cut < text.length; cut++) {
      const parser = new SseParser();
      const events = [...parser.push(Buffer.from(text.slice(0, cut))), ...parser.push(Buffer.from(text.slice(cut)))];
      expect(events.map((e) => e.data)).toEqual(['{"a":1}', null, "line1\nline2"]);
      expect(events.map((e) => e.raw).join("")).toBe(text);
      expect(parser.end()).toBe("");
    }
  });

  it("keeps multi-byte characters split between chunks intact", () => {
    const bytes = Buffer.from('data: {"t":"é✓"}\n\n');
    const parser = new SseParser();
    const events = [...parser.push(bytes.subarray(0, 13)), ...parser.push(bytes.subarray(13))];
    expect(events[0]?.data).toBe('{"t":"é✓"}');
  });

  it("rewrites data but keeps id and event lines for resumption", () => {
    expect(rewriteEvent('event: message\nid: 7\ndata: {"old":1}\n\n', '{"new":1}')).toBe('event: message\nid: 7\ndata: {"new":1}\n\n');
  });
});
