// Upstream URLs are typed in by tenants, so without a check an upstream of
// http://169.254.169.254/ or http://localhost:6379/ would turn the proxy into a way into its own
// network. The check runs on the address actually connected to (inside DNS lookup), so a name
// that resolves to a public address at registration and a private one later is still refused.
import { type LookupAddress, type LookupAllOptions, type LookupOneOptions, lookup as dnsLookup } from "node:dns";
import { isIP } from "node:net";

export class PrivateAddressError extends Error {
  readonly code = "GATEHOUSE_PRIVATE_ADDRESS";
  constructor(host: string, address: string) {
    super(`Upstream ${host} resolves to ${address}, a private or reserved address.`);
  }
}

function v4ToInt(ip: string): number {
  return ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

const V4_BLOCKS: Array<[string, number]> = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
];
const V4_RANGES = V4_BLOCKS.map(([base, bits]) => {
  const size = 2 ** (32 - bits);
  const start = v4ToInt(base);
  return [start, start + size - 1] as const;
});

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) {
    const n = v4ToInt(address);
    return V4_RANGES.some(([lo, hi]) => n >= lo && n <= hi);
  }
  if (family === 6) {
    const a = address.toLowerCase();
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
    if (mapped?.[1]) return isPrivateAddress(mapped[1]);
    if (a === "::" || a === "::1") return true;
    // fc00::/7 unique-local, fe80::/10 link-local, ff00::/8 multicast.
    return /^f[cd][0-9a-f]{0,2}:/.test(a) || /^fe[89ab][0-9a-f]?:/.test(a) || /^ff[0-9a-f]{0,2}:/.test(a);
  }
  return false;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A drop-in for net.connect's `lookup` that refuses private addresses. Node calls it with
 * `all: true` when happy-eyeballs is on, so both callback shapes are handled.
 */
export function guardedLookup(hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) return callback(new PrivateAddressError(hostname, bad.address), []);
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`No address for ${hostname}`), { code: "ENOTFOUND" }), []);
    callback(null, first.address, first.family);
  });
}

/** net.connect skips `lookup` for IP literals, so those are checked up front. */
export function literalHostIsPrivate(hostname: string): boolean {
  const bare = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
  return isIP(bare) !== 0 && isPrivateAddress(bare);
}
