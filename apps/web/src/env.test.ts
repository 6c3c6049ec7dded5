import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

const base = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/gatehouse",
  AUTH_SECRET: "x".repeat(32),
  GATEHOUSE_ENCRYPTION_KEY: "ab".repeat(32),
};

describe("parseEnv", () => {
  it("decodes the encryption key and applies defaults", () => {
    const env = parseEnv({ ...base, NODE_ENV: "production" });
    expect(env.GATEHOUSE_ENCRYPTION_KEY).toHaveLength(32);
    expect(env.GATEHOUSE_PUBLIC_PROXY_URL).toBe("http://127.0.0.1:4000");
    expect(env.GATEHOUSE_DEV_MAILBOX_DIR).toMatch(/\.gatehouse[/\\]mailbox$/);
  });

  it("keeps the dev mailbox off unless explicitly opted in, in development too", () => {
    expect(parseEnv({ ...base, NODE_ENV: "production" }).devMailboxEnabled).toBe(false);
    expect(parseEnv({ ...base, NODE_ENV: "production", GATEHOUSE_DEV_MAILBOX: "1" }).devMailboxEnabled).toBe(true);
    expect(parseEnv({ ...base, NODE_ENV: "development" }).devMailboxEnabled).toBe(false);
    expect(parseEnv({ ...base, NODE_ENV: "development", GATEHOUSE_DEV_MAILBOX: "0" }).devMailboxEnabled).toBe(false);
    expect(parseEnv({ ...base, NODE_ENV: "development", GATEHOUSE_DEV_MAILBOX: "1" }).devMailboxEnabled).toBe(true);
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ ...base, SMTP_URL: "", AUTH_GITHUB_ID: "" }).SMTP_URL).toBeUndefined();
  });

  it("names every invalid variable", () => {
    expect(() => parseEnv({ AUTH_SECRET: "short", GATEHOUSE_ENCRYPTION_KEY: "nothex" })).toThrow(
      /DATABASE_URL[\s\S]*AUTH_SECRET[\s\S]*GATEHOUSE_ENCRYPTION_KEY/,
    );
  });
});
