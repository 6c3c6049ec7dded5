import { describe, expect, it } from "vitest";
import { isProxyAuthorized } from "./proxy-auth.ts";

const secret = "0123456789abcdef-proxy";

describe("isProxyAuthorized", () => {
  it("accepts exactly the configured bearer secret", () => {
    expect(isProxyAuthorized(`Bearer ${secret}`, secret)).toBe(true);
    expect(isProxyAuthorized(`bearer ${secret}`, secret)).toBe(true);
  });

  it.each([null, "", "Bearer", `Bearer ${secret}x`, `Bearer ${secret.slice(1)}`, `Basic ${secret}`, `Bearer ${secret} extra`])("refuses %s", (header) => {
    expect(isProxyAuthorized(header, secret)).toBe(false);
  });

  it("opens nothing when the configured secret is missing or too short", () => {
    expect(isProxyAuthorized("Bearer ", "")).toBe(false);
    expect(isProxyAuthorized("Bearer short", "short")).toBe(false);
  });
});
