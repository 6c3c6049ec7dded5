// Prefixed, time-sortable ids: `<prefix>_<10 chars of ms time><16 random chars>` in Crockford
// base32. The prefix tells a reader (and a support engineer reading a log) what an id names;
// the time part keeps b-tree inserts append-mostly. Uses Web Crypto, so it runs in the browser.
export const ID_PREFIXES = {
  org: "org",
  membership: "mem",
  invitation: "inv",
  apiKey: "key",
  server: "srv",
  tool: "tool",
  policy: "pol",
  policyVersion: "polv",
  identity: "idn",
  token: "tok",
  grant: "grt",
  approval: "apr",
  decision: "dec",
  audit: "aud",
  webhook: "whk",
  delivery: "dlv",
  request: "req",
  task: "tsk",
  upstreamTask: "upt",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

function encodeTime(ms: number): string {
  let out = "";
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

// Random bytes are drawn 4 KiB at a time: the proxy mints ids for every request and decision,
// and one getRandomValues call per id showed up at ~3% of its CPU under load.
const pool = new Uint8Array(4096);
let poolOffset = pool.length;

export function randomBase32(length: number): string {
  if (length > pool.length) throw new RangeError("randomBase32: length too large");
  if (poolOffset + length > pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  let out = "";
  for (let i = poolOffset; i < poolOffset + length; i++) out += ALPHABET[(pool[i] as number) & 31];
  poolOffset += length;
  return out;
}

export function newId(kind: IdKind, now: number = Date.now()): string {
  return `${ID_PREFIXES[kind]}_${encodeTime(now)}${randomBase32(16)}`;
}

export function isIdOf(kind: IdKind, value: string): boolean {
  return value.startsWith(`${ID_PREFIXES[kind]}_`) && /^[a-z]+_[0-9a-z]{26}$/.test(value);
}

/** A caller's `x-request-id` when it looks sane (a load balancer's), else a fresh one. */
export function requestIdFrom(given: string | null | undefined): string {
  return given && /^[\w.:-]{8,100}$/.test(given) ? given : newId("request");
}
