// The SSRF guard on literal addresses (no DNS in unit tests): every spelling of loopback, private
// and metadata addresses, and which ones stay refused where private upstreams are allowed.
import { describe, expect, it } from "vitest";
import { judgeAddress, judgeLiteralHost } from "./upstream-address.ts";

const strict = { allowPrivate: false };
const lenient = { allowPrivate: true };

describe("judgeAddress", () => {
  it.each([
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "0.0.0.0", "198.18.0.1", "224.0.0.1", "255.255.255.255",
    "::1", "::", "fd00::1", "fe80::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "0:0:0:0:0:ffff:7f00:1", "::ffff:a00:1", "64:ff9b::7f00:1",
    "2002:7f00:1::1", "2001::1", "fe80::1%eth0", "not-an-ip", "",
  ])("refuses %s where private upstreams are not allowed", (address) => {
    expect(judgeAddress(address, strict)).toEqual({ ok: false, reason: "private" });
  });

  it.each(["169.254.169.254", "::ffff:a9fe:a9fe", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::", "fd00:ec2::254", "FD00:EC2:0:0:0:0:0:254", "169.254.170.2", "100.100.100.200"])(
    "refuses the metadata address %s everywhere",
    (address) => {
      expect(judgeAddress(address, strict)).toEqual({ ok: false, reason: "metadata" });
      expect(judgeAddress(address, lenient)).toEqual({ ok: false, reason: "metadata" });
    },
  );

  it.each(["8.8.8.8", "172.32.0.1", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "::ffff:808:808"])("accepts the public address %s", (address) => {
    expect(judgeAddress(address, strict)).toEqual({ ok: true });
  });

  it("accepts private addresses where they are allowed", () => {
    for (const address of ["127.0.0.1", "::1", "10.0.0.5", "::ffff:7f00:1", "169.254.1.1"]) expect(judgeAddress(address, lenient)).toEqual({ ok: true });
  });
});

describe("judgeLiteralHost", () => {
  it("judges bracketed IPv6 literals and leaves names to DNS time", () => {
    expect(judgeLiteralHost("[::1]", strict)).toEqual({ ok: false, reason: "private" });
    expect(judgeLiteralHost("[::ffff:a9fe:a9fe]", lenient)).toEqual({ ok: false, reason: "metadata" });
    expect(judgeLiteralHost("example.com", strict)).toBeNull();
  });
});
