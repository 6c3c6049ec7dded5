import type { ServerResponse } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { buildServerPatch, formErrorsOf, formValuesOf } from "./server-patch";

const server: ServerResponse = {
  id: "srv_1",
  name: "Flux",
  description: null,
  upstreamUrl: "https://mcp.example.com/mcp",
  transport: "streamable_http",
  upstreamAuth: { type: "headers", hint: "X-Key: …cret" },
  connectTimeoutMs: 5000,
  headersTimeoutMs: 30000,
  bodyTimeoutMs: 300000,
  maxBodyBytes: 4 * 1024 * 1024,
  enabled: true,
  allowedOrigins: [],
  onToolChange: "allow",
  argumentValidation: "enforce",
  captureArguments: false,
  captureRetentionDays: 7,
  toolCount: 6,
  toolsNeedingReview: 0,
  lastDiscoveredAt: null,
  proxyUrl: "http://127.0.0.1:4000/mcp/srv_1",
  createdAt: "2026-12-01T00:00:00.000Z",
  updatedAt: "2026-12-01T00:00:00.000Z",
};

describe("buildServerPatch", () => {
  it("sends nothing when nothing changed, and never the stored credential", () => {
    expect(buildServerPatch(server, formValuesOf(server))).toEqual({ ok: true, patch: {} });
  });

  it("sends only the fields that changed, in the API's units", () => {
    const values = { ...formValuesOf(server), name: " Flux prod ", maxBodyKib: "8192", connectTimeoutMs: "2000", allowedOrigins: "https://a.example\nhttps://b.example", enabled: false };
    expect(buildServerPatch(server, values)).toEqual({
      ok: true,
      patch: { name: "Flux prod", maxBodyBytes: 8 * 1024 * 1024, connectTimeoutMs: 2000, allowedOrigins: ["https://a.example", "https://b.example"], enabled: false },
    });
  });

  it("replaces or removes the credential only when asked", () => {
    const replaced = buildServerPatch(server, { ...formValuesOf(server), credential: "headers", headerName: "Authorization", headerValue: "Bearer new" });
    expect(replaced).toEqual({ ok: true, patch: { upstreamAuth: { headers: { Authorization: "Bearer new" } } } });
    expect(buildServerPatch(server, { ...formValuesOf(server), credential: "remove" })).toEqual({ ok: true, patch: { upstreamAuth: null } });
  });

  it("puts each problem at its field", () => {
    const result = buildServerPatch(server, {
      ...formValuesOf(server),
      name: " ",
      upstreamUrl: "ftp://x",
      connectTimeoutMs: "50",
      maxBodyKib: "lots",
      allowedOrigins: "https://ok.example\nnot an origin/path",
      credential: "oauth",
      oauthTokenUrl: "",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(["allowedOrigins", "connectTimeoutMs", "maxBodyKib", "name", "oauthClientId", "oauthClientSecret", "oauthTokenUrl", "upstreamUrl"]);
    expect(result.errors.connectTimeoutMs).toEqual(["Enter whole milliseconds from 100 to 60000."]);
  });

  it("asks for both header fields when replacing with headers", () => {
    const result = buildServerPatch(server, { ...formValuesOf(server), credential: "headers" });
    expect(result).toEqual({
      ok: false,
      errors: { headerName: ["Enter the header name, e.g. Authorization."], headerValue: ["Enter the value; it replaces the stored one."] },
    });
  });
});

describe("formErrorsOf", () => {
  it("maps the API's paths to the form's fields", () => {
    expect(formErrorsOf({ "allowedOrigins[1]": ["bad"], "upstreamAuth.headers.X Y": ["Not a valid header name."], maxBodyBytes: ["too big"], upstreamUrl: ["private"] })).toEqual({
      allowedOrigins: ["bad"],
      headerName: ["Not a valid header name."],
      maxBodyKib: ["too big"],
      upstreamUrl: ["private"],
    });
  });
});
