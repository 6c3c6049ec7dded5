import { describe, expect, it } from "vitest";
import { classifyMessage, parseToolCallParams, repeatedRequestId } from "./jsonrpc.ts";

describe("classifyMessage", () => {
  it("tells requests, notifications and responses apart", () => {
    expect(classifyMessage({ jsonrpc: "2.0", id: 1, method: "tools/list" }).kind).toBe("request");
    expect(classifyMessage({ jsonrpc: "2.0", method: "notifications/initialized" }).kind).toBe("notification");
    expect(classifyMessage({ jsonrpc: "2.0", id: "s1", result: {} }).kind).toBe("response");
  });

  it.each([
    [null],
    [[1]],
    [{ id: 1, method: "x" }],
    [{ jsonrpc: "2.0", id: null, method: "x" }],
    [{ jsonrpc: "2.0", id: {}, method: "x" }],
    [{ jsonrpc: "2.0", id: 1, method: "" }],
    [{ jsonrpc: "2.0", id: 1, method: "x", params: 3 }],
    [{ jsonrpc: "2.0", id: 1, result: {}, error: {} }],
  ])("marks %j invalid", (value) => {
    expect(classifyMessage(value).kind).toBe("invalid");
  });
});

describe("parseToolCallParams", () => {
  it("accepts absent or null arguments as {}", () => {
    expect(parseToolCallParams({ name: "t" })).toEqual({ ok: true, value: { name: "t", arguments: {} } });
    expect(parseToolCallParams({ name: "t", arguments: null })).toEqual({ ok: true, value: { name: "t", arguments: {} } });
  });

  it.each([[undefined], [[]], [{ name: 1 }], [{ name: "" }], [{ name: "t", arguments: [] }], [{ name: "t", arguments: "x" }]])("refuses %j", (params) => {
    expect(parseToolCallParams(params).ok).toBe(false);
  });
});

describe("repeatedRequestId", () => {
  it("finds a repeated id among requests, keeping 1 and \"1\" apart and ignoring notifications", () => {
    const req = (id: unknown) => ({ jsonrpc: "2.0", id, method: "ping" });
    expect(repeatedRequestId([req(1), req("1"), { jsonrpc: "2.0", method: "notifications/initialized" }])).toBeNull();
    expect(repeatedRequestId([req("k1"), req(2), req("k1")])).toBe("k1");
    expect(repeatedRequestId([req(3), { jsonrpc: "2.0", id: 3, method: 7 }])).toBe(3);
  });
});
