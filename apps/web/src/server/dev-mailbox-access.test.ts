import { describe, expect, it } from "vitest";
import { devMailboxAllowed, isLoopbackAddress } from "./dev-mailbox-access";

const on = { devMailboxEnabled: true };
const local = { host: "localhost:3000", "x-forwarded-for": "127.0.0.1" };

function allowed(headers: Record<string, string>, config = on): boolean {
  return devMailboxAllowed(config, new Headers(headers));
}

describe("isLoopbackAddress", () => {
  it.each(["127.0.0.1", "127.1.2.3", "::1", "[::1]", "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1"])("%s is loopback", (address) => {
    expect(isLoopbackAddress(address)).toBe(true);
  });
  it.each(["10.0.0.5", "192.168.1.20", "::ffff:10.0.0.5", "fe80::1", "0.0.0.0", "localhost", "", "128.0.0.1"])("%s is not", (address) => {
    expect(isLoopbackAddress(address)).toBe(false);
  });
});

describe("devMailboxAllowed", () => {
  it("serves a browser on this machine when enabled", () => {
    expect(allowed(local)).toBe(true);
    expect(allowed({ host: "127.0.0.1:3107", "x-forwarded-for": "::ffff:127.0.0.1" })).toBe(true);
    expect(allowed({ host: "[::1]:3107", "x-forwarded-for": "::1" })).toBe(true);
  });

  it("is absent unless enabled", () => {
    expect(allowed(local, { devMailboxEnabled: false })).toBe(false);
  });

  it("refuses a request addressed to the machine's network address or another name", () => {
    expect(allowed({ ...local, host: "10.0.0.5:3000" })).toBe(false);
    expect(allowed({ ...local, host: "gatehouse.example.com" })).toBe(false);
    expect(allowed({ ...local, "x-forwarded-host": "gatehouse.example.com" })).toBe(false);
  });

  it("refuses a client that is not on loopback, also behind a reverse proxy on this machine", () => {
    expect(allowed({ ...local, "x-forwarded-for": "10.0.0.5" })).toBe(false);
    expect(allowed({ ...local, "x-forwarded-for": "203.0.113.9, 127.0.0.1" })).toBe(false);
    expect(allowed({ ...local, "x-real-ip": "203.0.113.9" })).toBe(false);
    expect(allowed({ ...local, forwarded: 'for="[2001:db8::1]:4711";proto=https' })).toBe(false);
    expect(allowed({ ...local, forwarded: "for=127.0.0.1" })).toBe(true);
  });

  it("fails closed without a peer address", () => {
    expect(allowed({ host: "localhost:3000" })).toBe(false);
  });
});
