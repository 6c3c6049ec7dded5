import { describe, expect, it } from "vitest";
import { checkNotificationMethod, checkRequestMethod, methodsFor } from "./mcp-methods.ts";

describe("MCP methods forwarded", () => {
  const v2025 = methodsFor("2025-06-18");

  it("accepts the spec's request and notification names exactly", () => {
    for (const m of ["initialize", "ping", "tools/call", "tools/list", "resources/read", "prompts/get", "completion/complete", "logging/setLevel"]) {
      expect(checkRequestMethod(v2025, m)).toEqual({ ok: true });
    }
    for (const m of ["notifications/initialized", "notifications/cancelled", "notifications/progress", "notifications/roots/list_changed"]) {
      expect(checkNotificationMethod(v2025, m)).toEqual({ ok: true });
    }
  });

  it.each(["Tools/Call", "tools/call ", " tools/call", "tools/call\u0000", "tools/CALL", "tools//call", "__proto__", "constructor", ""])("refuses %j with -32601", (m) => {
    expect(checkRequestMethod(v2025, m)).toMatchObject({ ok: false, code: -32601 });
  });

  it("refuses a request method sent as a notification with -32600, and notifications sent as requests", () => {
    expect(checkNotificationMethod(v2025, "tools/call")).toMatchObject({ ok: false, code: -32600 });
    expect(checkNotificationMethod(v2025, "notifications/whatever")).toMatchObject({ ok: false, code: -32601 });
    expect(checkRequestMethod(v2025, "notifications/initialized")).toMatchObject({ ok: false, code: -32601 });
  });

  it("follows the protocol version: tasks only from 2025-11-25, none given means 2025-03-26", () => {
    expect(checkRequestMethod(methodsFor("2025-06-18"), "tasks/get").ok).toBe(false);
    expect(checkRequestMethod(methodsFor(undefined), "tasks/get").ok).toBe(false);
    expect(checkRequestMethod(methodsFor("2025-11-25"), "tasks/get").ok).toBe(true);
    expect(checkNotificationMethod(methodsFor("2025-11-25"), "notifications/tasks/status").ok).toBe(true);
  });
});
