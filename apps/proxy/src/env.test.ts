import { describe, expect, it } from "vitest";
import { parseProxyEnv } from "./env.ts";

const required = { GATEHOUSE_PROXY_SECRET: "s".repeat(32), GATEHOUSE_ENCRYPTION_KEY: "a".repeat(64) };

describe("parseProxyEnv", () => {
  it("applies the documented defaults", () => {
    const config = parseProxyEnv(required);
    expect(config).toMatchObject({
      controlPlaneUrl: "http://127.0.0.1:3000",
      redisUrl: "redis://127.0.0.1:6379",
      port: 4000,
      host: "127.0.0.1",
      allowPrivateUpstreams: false,
      pollIntervalMs: 30_000,
    });
    expect(config.encryptionKey).toHaveLength(32);
    // The stream apps/worker ingests from.
    expect(config.decisionStreamKey).toBe("{gatehouse:decisions}:stream");
  });

  it("reads overrides and treats empty values as unset", () => {
    const config = parseProxyEnv({ ...required, GATEHOUSE_PROXY_PORT: "0", GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: "1", GATEHOUSE_PROXY_HOST: "", GATEHOUSE_CONTROL_PLANE_URL: "http://cp:3000/" });
    expect(config).toMatchObject({ port: 0, allowPrivateUpstreams: true, host: "127.0.0.1", controlPlaneUrl: "http://cp:3000" });
  });

  it("refuses a missing secret, a bad key and a bad port", () => {
    expect(() => parseProxyEnv({ GATEHOUSE_ENCRYPTION_KEY: "a".repeat(64) })).toThrow(/GATEHOUSE_PROXY_SECRET/);
    expect(() => parseProxyEnv({ ...required, GATEHOUSE_ENCRYPTION_KEY: "short" })).toThrow();
    expect(() => parseProxyEnv({ ...required, GATEHOUSE_PROXY_PORT: "70000" })).toThrow();
  });
});
