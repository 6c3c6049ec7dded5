// The SSRF guard lives in @gatehouse/shared/node (upstream-address.ts), shared with the proxy so
// both judge addresses the same way. This adapter keeps the services' option name.
import { checkUpstreamUrl as checkUrl, isPrivateAddress as refused } from "@gatehouse/shared/node";

export function checkUpstreamUrl(url: string, options: { allowPrivateNetworks: boolean }): Promise<URL> {
  return checkUrl(url, { allowPrivate: options.allowPrivateNetworks });
}

/** Refused as an upstream address where private networks are not allowed (cloud metadata always is). */
export function isPrivateAddress(address: string): boolean {
  return refused(address, { allowPrivate: false });
}
