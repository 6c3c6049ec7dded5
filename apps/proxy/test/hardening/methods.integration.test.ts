// Issue 7, defect 2: `tools/call` sent as a notification reached the upstream with a denied tool
// (202, logged as allowed without a tool name); "Tools/Call" and "tools/call " were forwarded.
// Only the MCP specification's methods go upstream, matched exactly; everything else is
// answered here with -32601, and a tools/call without an id is refused and logged.
import { describe, expect, it } from "vitest";
import { useFixture } from "../helpers/fixture.ts";
import { EDIT_ARGS } from "../helpers/harness.ts";
import { messagesOf, openSession, post, rpc } from "../helpers/raw.ts";

const POLICY = { version: "1", default: "allow", tools: { flux_delete_image: { action: "deny", reason: "no deletes" } } };

const note = (method: string, params?: unknown) => ({ jsonrpc: "2.0", method, ...(params === undefined ? {} : { params }) });

describe("only MCP methods are forwarded", () => {
  const f = useFixture({ policy: POLICY });

  it("refuses a tools/call without an id, forwards nothing and logs it as rejected with its tool", async () => {
    const headers = await openSession(f.url, f.org.identities[0]!.token);
    f.upstream.reset();
    const reply = await post(f.url, JSON.stringify(note("tools/call", { name: "flux_delete_image", arguments: { task_id: "t1" } })), headers);
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ id: null, error: { code: -32600 } });
    expect(f.upstream.stats().requests).toHaveLength(0);
    const events = await f.eventsOf(reply.headers.get("x-gatehouse-request-id")!);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ method: "tools/call", toolName: "flux_delete_image", outcome: "rejected" });
  });

  it.each(["Tools/Call", "tools/call ", "TOOLS/LIST", "no/such", "tools/call\u0000", "notifications/initialized"])("answers %j locally with -32601 and forwards nothing", async (method) => {
    const headers = await openSession(f.url, f.org.identities[0]!.token);
    f.upstream.reset();
    const reply = await post(f.url, JSON.stringify(rpc(9, method, { name: "flux_delete_image", arguments: {} })), headers);
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ jsonrpc: "2.0", id: 9, error: { code: -32601 } });
    expect(f.upstream.stats().requests).toHaveLength(0);
    const events = await f.eventsOf(reply.headers.get("x-gatehouse-request-id")!);
    expect(events[0]).toMatchObject({ outcome: "rejected" });
  });

  it("refuses unknown notifications and request methods sent as notifications, in a batch too", async () => {
    const headers = await openSession(f.url, f.org.identities[0]!.token);
    f.upstream.reset();
    const lone = await post(f.url, JSON.stringify(note("notifications/whatever")), headers);
    expect(lone.status).toBe(400);
    expect(lone.json).toMatchObject({ id: null, error: { code: -32601 } });
    const batch = [note("Tools/Call", { name: "flux_edit_image", arguments: EDIT_ARGS }), note("tools/list"), rpc(1, "ping"), note("notifications/progress", { progressToken: "p", progress: 1 })];
    const reply = await post(f.url, JSON.stringify(batch), headers);
    expect(reply.status).toBe(200);
    const messages = messagesOf(reply);
    expect(messages.filter((m) => m.id === null).map((m) => (m.error as { code: number }).code).sort()).toEqual([-32600, -32601]);
    expect(messages.find((m) => m.id === 1)).toMatchObject({ result: {} });
    expect(f.upstream.stats().requests.map((r) => r.method).sort()).toEqual(["notifications/progress", "ping"]);
  });

  it("answers tasks/* only for sessions that negotiated a protocol version defining them, and itself (ADR 0010)", async () => {
    const headers = await openSession(f.url, f.org.identities[0]!.token);
    f.upstream.reset();
    const old = await post(f.url, JSON.stringify(rpc(3, "tasks/list")), { ...headers, "mcp-protocol-version": "2025-06-18" });
    expect(old.json).toMatchObject({ id: 3, error: { code: -32601 } });
    expect(f.upstream.stats().requests).toHaveLength(0);
    const current = await post(f.url, JSON.stringify(rpc(4, "tasks/list")), { ...headers, "mcp-protocol-version": "2025-11-25" });
    // The proxy lists the caller's own tasks; the upstream never sees tasks/* it did not hand out.
    expect(f.upstream.stats().requests).toHaveLength(0);
    expect(messagesOf(current)[0]).toMatchObject({ id: 4, result: { tasks: [] } });
    const unknown = await post(f.url, JSON.stringify(rpc(5, "tasks/get", { taskId: "some-upstream-id" })), { ...headers, "mcp-protocol-version": "2025-11-25" });
    expect(messagesOf(unknown)[0]).toMatchObject({ id: 5, error: { code: -32602 } });
    expect(f.upstream.stats().requests).toHaveLength(0);
  });
});
