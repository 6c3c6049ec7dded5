// The one SSRF guard: which addresses an upstream MCP server may live at. Upstream URLs are typed
// in by tenants, so without it an upstream of http://169.254.169.254/ or http://localhost:6379/
// would turn Gatehouse into a way into its own network. The control plane checks a URL when a
// server is saved (checkUpstreamUrl); the proxy checks again at every dial, after DNS, inside
// the connection's lookup (guardedLookup / upstreamConnector), so a name that resolves to a
// public address at registration and a private one later (DNS rebinding) is still refused.
// Addresses are judged by ipaddr.js, which reads every spelling a resolver or the WHATWG URL
// parser can produce (IPv4-mapped IPv6 in hex, NAT64, 6to4) the same way.
import { type LookupAddress, type LookupAllOptions, type LookupOneOptions, lookup as dnsLookup } from "node:dns";
import { lookup as dnsLookupAsync } from "node:dns/promises";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { Agent, buildConnector } from "undici";
import { validationFailed } from "../errors.ts";

export type AddressPolicy = {
  /** Loopback, RFC 1918, link-local, CGNAT… allowed (one machine, a demo). Metadata never is. */
  allowPrivate: boolean;
};

export type AddressVerdict = { ok: true } | { ok: false; reason: "metadata" | "private" };

// Cloud instance-metadata endpoints (AWS/GCP/Azure/Oracle, AWS ECS, AWS IPv6, Alibaba): refused
// even where private upstreams are allowed — they hand out the machine's credentials.
const METADATA = ["169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200"].map((a) => ipaddr.parse(a).toNormalizedString());

/** IPv4 addresses carried inside an IPv6 one (mapped, NAT64, 6to4): judged as that IPv4. */
function embeddedV4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range = address.range();
  if (range === "ipv4Mapped") return address.toIPv4Address();
  const bytes = address.toByteArray();
  if (range === "rfc6052") return ipaddr.fromByteArray(bytes.slice(12, 16)) as ipaddr.IPv4;
  if (range === "6to4") return ipaddr.fromByteArray(bytes.slice(2, 6)) as ipaddr.IPv4;
  return null;
}

/** Judges one IP address (any spelling ipaddr.js reads). Anything unparsable is refused. */
export function judgeAddress(address: string, policy: AddressPolicy): AddressVerdict {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(bare.replace(/%.*$/, ""));
  } catch {
    return { ok: false, reason: "private" };
  }
  if (parsed.kind() === "ipv6") {
    const v4 = embeddedV4(parsed as ipaddr.IPv6);
    if (v4) return judgeAddress(v4.toString(), policy);
  }
  if (METADATA.includes(parsed.toNormalizedString())) return { ok: false, reason: "metadata" };
  if (policy.allowPrivate) return { ok: true };
  // Only ordinary global unicast is public; every special-purpose range (loopback, private,
  // link-local, CGNAT, reserved, multicast, Teredo, documentation…) is not.
  return parsed.range() === "unicast" ? { ok: true } : { ok: false, reason: "private" };
}

/** The address-spelling-agnostic yes/no most callers want: is this address refused under `policy`? */
export function isPrivateAddress(address: string, policy: AddressPolicy = { allowPrivate: false }): boolean {
  return !judgeAddress(address, policy).ok;
}

/** Thrown (and given to connect callbacks) when an upstream dial targets a refused address. */
export class UpstreamAddressError extends Error {
  readonly code = "GATEHOUSE_PRIVATE_ADDRESS";
  constructor(
    host: string,
    address: string,
    readonly reason: "metadata" | "private",
  ) {
    super(
      reason === "metadata"
        ? `Upstream ${host} resolves to ${address}, a cloud metadata address, which is never proxied to.`
        : `Upstream ${host} resolves to ${address}, a private or reserved address.`,
    );
  }
}

/** For an IP-literal host (bracketed or not): the verdict; null for a host name (judged at DNS time). */
export function judgeLiteralHost(hostname: string, policy: AddressPolicy): AddressVerdict | null {
  const bare = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
  return isIP(bare) === 0 ? null : judgeAddress(bare, policy);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
export type LookupFunction = (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback) => void;

/**
 * A drop-in for net.connect's `lookup` that refuses a host if any address it resolves to is
 * refused. Node calls it with `all: true` when happy-eyeballs is on, so both shapes are handled.
 */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      for (const a of addresses) {
        const verdict = judgeAddress(a.address, policy);
        if (!verdict.ok) return callback(new UpstreamAddressError(hostname, a.address, verdict.reason), []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`No address for ${hostname}`), { code: "ENOTFOUND" }), []);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * An undici `connect` function that judges every dial: IP literals up front (net.connect skips
 * `lookup` for them), names inside the lookup, so the address checked is the one connected to.
 * Give it to an undici Pool/Agent; redirects are not followed by undici's dispatchers, and any
 * follow-up request dials through this connector again.
 */
export function upstreamConnector(policy: AddressPolicy, options: { timeout?: number } = {}): buildConnector.connector {
  const connect = buildConnector({ ...options, lookup: guardedLookup(policy) } as buildConnector.BuildOptions);
  return (opts, callback) => {
    const verdict = judgeLiteralHost(opts.hostname, policy);
    if (verdict && !verdict.ok) {
      callback(new UpstreamAddressError(opts.hostname, opts.hostname, verdict.reason), null);
      return;
    }
    connect(opts, callback);
  };
}

const invalidUrl = (message: string) => validationFailed(message, [{ path: "upstreamUrl", message }]);

const agents = new Map<boolean, Agent>();

/**
 * A shared undici dispatcher whose every dial (redirect hops included) goes through
 * upstreamConnector: `fetch(url, { dispatcher: upstreamDispatcher(policy) })`. Checking a URL
 * before fetching it is not enough on its own — the name can resolve differently at the dial.
 */
export function upstreamDispatcher(policy: AddressPolicy): Agent {
  let agent = agents.get(policy.allowPrivate);
  if (!agent) {
    agent = new Agent({ connect: upstreamConnector(policy) });
    agents.set(policy.allowPrivate, agent);
  }
  return agent;
}

/**
 * The control plane's check of an upstream URL when a server is saved: http(s), no credentials
 * in the URL, and (after resolving the name) no refused address. Throws validation_failed.
 */
export async function checkUpstreamUrl(url: string, policy: AddressPolicy): Promise<URL> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidUrl("The upstream URL is not a valid URL.");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw invalidUrl("The upstream URL must use http or https.");
  }
  if (parsed.username || parsed.password) {
    throw invalidUrl("Put upstream credentials in the upstream auth headers, not in the URL.");
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await dnsLookupAsync(host, { all: true })).map((a) => a.address);
  } catch {
    // With private networks allowed a name that does not resolve yet is accepted: the proxy
    // judges it again at every dial.
    if (policy.allowPrivate) return parsed;
    throw invalidUrl(`The upstream host ${host} does not resolve.`);
  }
  for (const address of addresses) {
    const verdict = judgeAddress(address, policy);
    if (verdict.ok) continue;
    throw invalidUrl(verdict.reason === "metadata"
        ? `The upstream host ${host} is a cloud metadata address, which Gatehouse never proxies to.`
        : `The upstream host ${host} is on a private or reserved network, which Gatehouse does not proxy to.`,
    );
  }
  return parsed;
}
