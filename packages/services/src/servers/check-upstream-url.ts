// SSRF guard for upstream URLs: a tenant must not point the proxy at our own network (cloud
// metadata, loopback, RFC 1918). Every address the host resolves to is checked, so a public
// name that resolves to 10.0.0.5 is refused too. The proxy checks again when it connects.
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { AppError } from "@gatehouse/shared";

// Separate lists per family: Node's BlockList also matches IPv4 addresses against IPv6 rules
// written as IPv4-mapped ranges, which would make `::ffff:0:0/96` block every IPv4 address.
const blockedV4 = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16],
  ["172.16.0.0", 12], ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blockedV4.addSubnet(net, prefix, "ipv4");
const blockedV6 = new BlockList();
for (const [net, prefix] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8]] as const) {
  blockedV6.addSubnet(net, prefix, "ipv6");
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 4) return blockedV4.check(address, "ipv4");
  // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is judged as the IPv4 address it carries.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return blockedV4.check(mapped[1], "ipv4");
  if (/^::ffff:/i.test(address)) return true;
  return blockedV6.check(address, "ipv6");
}

export async function checkUpstreamUrl(url: string, options: { allowPrivateNetworks: boolean }): Promise<URL> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError("validation_failed", "The upstream URL is not a valid URL.");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new AppError("validation_failed", "The upstream URL must use http or https.");
  }
  if (parsed.username || parsed.password) {
    throw new AppError("validation_failed", "Put upstream credentials in the upstream auth headers, not in the URL.");
  }
  if (options.allowPrivateNetworks) return parsed;
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    throw new AppError("validation_failed", `The upstream host ${host} does not resolve.`);
  }
  if (addresses.some(isPrivateAddress)) {
    throw new AppError("validation_failed", `The upstream host ${host} is on a private or reserved network, which Gatehouse does not proxy to.`);
  }
  return parsed;
}
