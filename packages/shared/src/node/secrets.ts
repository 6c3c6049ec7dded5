// Bearer secrets (identity tokens, API keys): 256 random bits, shown once, stored as SHA-256.
// A fast hash is right here — unlike passwords, these secrets cannot be guessed.
import { createHash, randomBytes } from "node:crypto";

export const TOKEN_PREFIX = "gth_";
export const API_KEY_PREFIX = "gthk_";
/** How much of a secret is kept in clear, to let people tell their tokens apart. */
export const DISPLAY_PREFIX_LENGTH = 12;

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function generateSecret(prefix: string): { plaintext: string; prefix: string; hash: string } {
  const plaintext = `${prefix}${randomBytes(32).toString("base64url")}`;
  return { plaintext, prefix: plaintext.slice(0, DISPLAY_PREFIX_LENGTH), hash: sha256Hex(plaintext) };
}
