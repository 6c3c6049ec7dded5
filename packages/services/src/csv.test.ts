import { describe, expect, it } from "vitest";
import { csvCell } from "./csv.ts";

describe("csvCell", () => {
  it("keeps plain text as it is and quotes commas, quotes and line breaks", () => {
    expect(csvCell("flux_edit_image")).toBe("flux_edit_image");
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
  });

  it("turns what a spreadsheet would run as a formula into text", () => {
    for (const formula of ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx"]) expect(csvCell(formula).replace(/^"/, "")).toMatch(/^'/);
  });
});
