// Bearer secrets (identity tokens, API keys): 256 random bits, shown once, stored as SHA-256.
// A fast hash is right here — unlike passwords, these secrets cannot be guessed.
import { hash, randomBytes } from "node:crypto";

export const TOKEN_PREFIX = "gth_";
export const API_KEY_PREFIX = "gthk_";
/** How much of a secret is kept in clear, to let people tell their tokens apart. */
export const DISPLAY_PREFIX_LENGTH = 12;

// One-shot crypto.hash: no Hash object per call. The proxy hashes every request's token and
// every call's arguments, and createHash().update().digest() cost about twice as much.
export function sha256Hex(value: string): string {
  return hash("sha256", value, "hex");
}

export function generateSecret(prefix: string): { plaintext: string; prefix: string; hash: string } {
  const plaintext = `${prefix}${randomBytes(32).toString("base64url")}`;
  return { plaintext, prefix: plaintext.slice(0, DISPLAY_PREFIX_LENGTH), hash: sha256Hex(plaintext) };
}
