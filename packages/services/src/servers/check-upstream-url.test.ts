// SSRF guard: literal addresses only here (no DNS in unit tests).
import { describe, expect, it } from "vitest";
import { checkUpstreamUrl, isPrivateAddress } from "./check-upstream-url.ts";

describe("isPrivateAddress", () => {
  it.each([
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
    "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "not-an-ip",
  ])("refuses %s", (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(["8.8.8.8", "172.32.0.1", "1.1.1.1", "2606:4700:4700::1111"])("accepts %s", (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});

describe("checkUpstreamUrl", () => {
  const strict = { allowPrivateNetworks: false };

  it("refuses private, loopback and metadata addresses", async () => {
    await expect(checkUpstreamUrl("http://127.0.0.1:4100/mcp", strict)).rejects.toThrow(/private or reserved/);
    await expect(checkUpstreamUrl("http://169.254.169.254/latest", strict)).rejects.toThrow(/cloud metadata/);
    // Metadata addresses stay refused where private networks are allowed, in every spelling.
    await expect(checkUpstreamUrl("http://[::ffff:a9fe:a9fe]/latest", { allowPrivateNetworks: true })).rejects.toThrow(/cloud metadata/);
    await expect(checkUpstreamUrl("http://[::ffff:7f00:1]/mcp", strict)).rejects.toThrow(/private or reserved/);
    await expect(checkUpstreamUrl("http://[::1]/mcp", strict)).rejects.toThrow(/private or reserved/);
  });

  it("refuses other schemes and credentials in the URL", async () => {
    await expect(checkUpstreamUrl("file:///etc/passwd", strict)).rejects.toThrow(/http or https/);
    await expect(checkUpstreamUrl("https://user:pw@8.8.8.8/mcp", strict)).rejects.toThrow(/credentials/);
    await expect(checkUpstreamUrl("not a url", strict)).rejects.toThrow(/not a valid URL/);
  });

  it("accepts public addresses, and private ones only when allowed", async () => {
    await expect(checkUpstreamUrl("https://8.8.8.8/mcp", strict)).resolves.toBeInstanceOf(URL);
    await expect(checkUpstreamUrl("http://127.0.0.1:4100/mcp", { allowPrivateNetworks: true })).resolves.toBeInstanceOf(URL);
  });
});
