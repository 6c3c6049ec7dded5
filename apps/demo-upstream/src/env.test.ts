import { describe, expect, it } from "vitest";
import { parseDemoUpstreamEnv } from "./env.ts";

describe("parseDemoUpstreamEnv", () => {
  it("defaults to 127.0.0.1:4100, SSE, stateful, no credential", () => {
    expect(parseDemoUpstreamEnv({})).toEqual({ port: 4100, host: "127.0.0.1", jsonResponse: false, stateless: false });
    expect(parseDemoUpstreamEnv({ DEMO_UPSTREAM_PORT: "", DEMO_UPSTREAM_HOST: "" })).toMatchObject({
      port: 4100,
      host: "127.0.0.1",
    });
  });

  it("reads every option", () => {
    const options = parseDemoUpstreamEnv({
      DEMO_UPSTREAM_PORT: "0",
      DEMO_UPSTREAM_HOST: "0.0.0.0",
      DEMO_UPSTREAM_JSON_RESPONSE: "true",
      DEMO_UPSTREAM_STATELESS: "1",
      DEMO_UPSTREAM_AUTH_HEADER: "X-Api-Key",
      DEMO_UPSTREAM_AUTH_VALUE: "k",
    });
    expect(options).toEqual({
      port: 0,
      host: "0.0.0.0",
      jsonResponse: true,
      stateless: true,
      requiredHeader: { name: "X-Api-Key", value: "k" },
    });
  });

  it("refuses a bad port, a bad flag and half a credential", () => {
    expect(() => parseDemoUpstreamEnv({ DEMO_UPSTREAM_PORT: "70000" })).toThrow();
    expect(() => parseDemoUpstreamEnv({ DEMO_UPSTREAM_STATELESS: "yes" })).toThrow();
    expect(() => parseDemoUpstreamEnv({ DEMO_UPSTREAM_AUTH_HEADER: "X-Api-Key" })).toThrow(/both/);
  });
});
