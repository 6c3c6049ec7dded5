import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptText, encryptText, parseEncryptionKey } from "./envelope.ts";

describe("AES-256-GCM envelopes", () => {
  const key = randomBytes(32);

  it("round-trips, and never contains the plaintext", () => {
    const sealed = encryptText(key, '{"headers":{"Authorization":"Bearer sk-live-123"}}');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain("sk-live-123");
    expect(decryptText(key, sealed)).toBe('{"headers":{"Authorization":"Bearer sk-live-123"}}');
  });

  it("refuses a tampered ciphertext and a wrong key", () => {
    const sealed = encryptText(key, "secret");
    const parts = sealed.split(".");
    const tampered = [...parts.slice(0, 3), Buffer.from("SECRET").toString("base64url")].join(".");
    expect(() => decryptText(key, tampered)).toThrow();
    expect(() => decryptText(randomBytes(32), sealed)).toThrow();
    expect(() => decryptText(key, "v2.a.b.c")).toThrow(/Unrecognized/);
  });

  it("accepts 64 hex characters or base64 for 32 bytes, nothing else", () => {
    expect(parseEncryptionKey("ab".repeat(32))).toHaveLength(32);
    expect(parseEncryptionKey(randomBytes(32).toString("base64"))).toHaveLength(32);
    expect(() => parseEncryptionKey("short")).toThrow(/32 bytes/);
  });
});
