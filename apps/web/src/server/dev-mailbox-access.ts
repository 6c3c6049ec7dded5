// Who may read the dev mailbox. It holds working sign-in links for every address, so it is served
// only when the operator turned it on (GATEHOUSE_DEV_MAILBOX=1) and only to a browser on this
// machine: anyone else who can reach the dashboard could otherwise take over any account.
//
// "On this machine" is read from what Next hands a route: `x-forwarded-for` (Next fills it with the
// socket's peer address when the client sent none; a reverse proxy appends the real client) and the
// Host header (a loopback name defeats DNS rebinding and requests to the machine's LAN address).
// Every hop must be loopback. A client that reaches a server bound to a public interface could
// forge both headers, which is why `next start` binds 127.0.0.1 (apps/web package.json).
import { isIP } from "node:net";
import type { Env } from "@/env";

export function isLoopbackAddress(raw: string): boolean {
  const address = raw.trim().replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  const version = isIP(address);
  if (version === 4) return address.startsWith("127.");
  if (version === 6) {
    const lower = address.toLowerCase();
    if (lower === "::1" || lower === "0:0:0:0:0:0:0:1") return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    return mapped ? isLoopbackAddress(mapped[1] ?? "") : false;
  }
  return false;
}

/** The host name of a Host header value (`localhost:3000`, `[::1]:3000`, `127.0.0.1`). */
function hostName(host: string): string {
  const value = host.trim().toLowerCase();
  if (value.startsWith("[")) return value.slice(1, value.indexOf("]"));
  return value.replace(/:\d+$/, "");
}

function isLoopbackHost(host: string | null): boolean {
  if (!host) return false;
  const name = hostName(host);
  return name === "localhost" || name.endsWith(".localhost") || isLoopbackAddress(name);
}

/** `Forwarded: for=1.2.3.4;proto=http, for="[::1]"` → the `for` addresses. */
function forwardedFor(header: string): string[] {
  return [...header.matchAll(/for=("?)([^;,"]+)\1/gi)].map((match) => (match[2] ?? "").replace(/:\d+$/, ""));
}

export function devMailboxAllowed(config: Pick<Env, "devMailboxEnabled">, headers: Headers): boolean {
  if (!config.devMailboxEnabled) return false;
  if (!isLoopbackHost(headers.get("host"))) return false;
  const forwardedHost = headers.get("x-forwarded-host");
  if (forwardedHost && !isLoopbackHost(forwardedHost)) return false;
  // Fail closed: Next always sets x-forwarded-for, so its absence means we cannot tell.
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").filter((hop) => hop.trim() !== "");
  if (hops.length === 0 || !hops.every(isLoopbackAddress)) return false;
  const realIp = headers.get("x-real-ip");
  if (realIp && !isLoopbackAddress(realIp)) return false;
  const forwarded = headers.get("forwarded");
  if (forwarded && !forwardedFor(forwarded).every(isLoopbackAddress)) return false;
  return true;
}
