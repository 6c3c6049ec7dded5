import { describe, expect, it } from "vitest";
import { isPrivateAddress, literalHostIsPrivate } from "./ssrf.ts";

describe("isPrivateAddress", () => {
  it.each(["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fd00::1", "fe80::1", "::ffff:127.0.0.1"])(
    "%s is private",
    (ip) => expect(isPrivateAddress(ip)).toBe(true),
  );
  it.each(["8.8.8.8", "172.32.0.1", "1.1.1.1", "2606:4700::1111", "::ffff:8.8.8.8"])("%s is public", (ip) => expect(isPrivateAddress(ip)).toBe(false));
  it("checks bracketed IPv6 literals and ignores names", () => {
    expect(literalHostIsPrivate("[::1]")).toBe(true);
    expect(literalHostIsPrivate("example.com")).toBe(false);
  });
});
