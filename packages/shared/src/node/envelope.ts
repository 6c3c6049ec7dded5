// AES-256-GCM envelopes for secrets at rest (upstream credentials, webhook secrets, approval
// arguments): `v1.<iv>.<tag>.<ciphertext>`, base64url. The version lets keys rotate later.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export function parseEncryptionKey(text: string): Buffer {
  const key = Buffer.from(text, text.length === 64 && /^[0-9a-f]+$/i.test(text) ? "hex" : "base64");
  if (key.length !== 32) throw new Error("The encryption key must be 32 bytes (64 hex characters or base64).");
  return key;
}

export function encryptText(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export function decryptText(key: Buffer, envelope: string): string {
  const [version, iv, tag, ciphertext] = envelope.split(".");
  if (version !== "v1" || !iv || !tag || ciphertext === undefined) throw new Error("Unrecognized secret envelope.");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
