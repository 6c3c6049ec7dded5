// Host allow-lists guard SSRF-style callbacks, so parsing is WHATWG URL (what fetch uses),
// not a regex: "https://hooks.example.com@evil.com" and "https://evil.com#.example.com"
// both resolve to evil.com.

export type HostList = { readonly exact: ReadonlySet<string>; readonly suffixes: readonly string[] };

export function compileHostList(entries: readonly string[]): HostList {
  const exact = new Set<string>();
  const suffixes: string[] = [];
  for (const raw of entries) {
    const entry = stripDot(raw.toLowerCase());
    if (entry.startsWith("*.")) suffixes.push(entry.slice(1));
    else exact.add(entry);
  }
  return { exact, suffixes };
}

/** Host of an http(s) URL, lower-case, without a trailing dot; null when unparsable. */
export function urlHost(actual: unknown): string | null {
  if (typeof actual !== "string") return null;
  let url: URL;
  try {
    url = new URL(actual);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const host = stripDot(url.hostname);
  return host === "" ? null : host;
}

export function hostInList(host: string, list: HostList): boolean {
  if (list.exact.has(host)) return true;
  for (const suffix of list.suffixes) if (host.length > suffix.length && host.endsWith(suffix)) return true;
  return false;
}

function stripDot(host: string): string {
  return host.endsWith(".") ? host.slice(0, -1) : host;
}
