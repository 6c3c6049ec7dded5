import { describe, expect, it } from "vitest";
import { redirectTarget } from "./redirect-target";

describe("redirectTarget", () => {
  it("keeps same-site paths", () => {
    expect(redirectTarget("/servers?x=1")).toBe("/servers?x=1");
  });

  it("refuses anything that could leave the site", () => {
    for (const value of ["https://evil.test/", "//evil.test/", "/\\evil.test", "servers", undefined, 42]) {
      expect(redirectTarget(value)).toBe("/");
    }
  });
});
