import { afterEach, describe, expect, it } from "vitest";
import { type DemoUpstream, type DemoUpstreamOptions, startDemoUpstream, TOOL_NAMES } from "../src/index.ts";
import { type Connected, callTool, connect, firstText, textJson } from "./helpers.ts";

const started: DemoUpstream[] = [];
const clients: Connected[] = [];

async function start(options: DemoUpstreamOptions = {}): Promise<DemoUpstream> {
  const upstream = await startDemoUpstream(options);
  started.push(upstream);
  return upstream;
}

async function open(url: string, headers: Record<string, string> = {}): Promise<Connected> {
  const connected = await connect(url, headers);
  clients.push(connected);
  return connected;
}

afterEach(async () => {
  // Clients first, so their SSE streams do not try to reconnect to a closing server.
  await Promise.all(clients.splice(0).map((c) => c.client.close()));
  await Promise.all(started.splice(0).map((u) => u.close()));
});

// The same calls, in order, with each answer as a plain client would read it.
async function runScript(url: string): Promise<unknown[]> {
  const { client } = await open(url);
  const generated = textJson(await callTool(client, "flux_generate_image", { prompt: "a lighthouse at dusk" }));
  const edited = textJson(
    await callTool(client, "flux_edit_image", {
      prompt: "make it winter",
      image_url: "https://example.com/lighthouse.png",
      model: "flux-kontext-pro",
      callback_url: "https://example.com/hook",
    }),
  );
  return [
    generated,
    edited,
    textJson(await callTool(client, "flux_get_task", { task_id: generated.task_id })),
    textJson(await callTool(client, "flux_list_tasks", {})),
    textJson(await callTool(client, "flux_cancel_task", { task_id: edited.task_id })),
  ];
}

describe("demo upstream over a real MCP client", () => {
  it("lists the six Flux tools with realistic annotations", async () => {
    const upstream = await start();
    const { client } = await open(upstream.url);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...TOOL_NAMES].sort());
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect(byName.get("flux_delete_image")?.annotations?.destructiveHint).toBe(true);
    expect(byName.get("flux_get_task")?.annotations?.readOnlyHint).toBe(true);
    expect(byName.get("flux_generate_image")?.annotations?.openWorldHint).toBe(true);
    const edit = byName.get("flux_edit_image");
    expect(edit?.inputSchema.required).toEqual(expect.arrayContaining(["prompt", "image_url", "model"]));
    expect(JSON.stringify(edit?.inputSchema.properties?.model)).toContain("flux-kontext-max");
    expect(client.getServerVersion()?.name).toBe("mcp-flux-pro");
  });

  it("runs the whole task lifecycle through every tool", async () => {
    const upstream = await start();
    const { client } = await open(upstream.url);

    const generated = await callTool(client, "flux_generate_image", { prompt: "a red fox", width: 512, height: 512 });
    const task = generated.structuredContent as { task_id: string; status: string; image: { image_id: string; url: string } };
    expect(textJson(generated)).toEqual(task);
    expect(task.status).toBe("completed");
    expect(task.task_id).toMatch(/^task_[0-9a-f]{20}$/);
    expect(task.image.url).toBe(`https://images.demo.gatehouse.local/${task.image.image_id}.png`);

    const edit = await callTool(client, "flux_edit_image", {
      prompt: "add snow",
      image_url: task.image.url,
      model: "flux-kontext-max",
      size: "768x512",
      callback_url: "https://example.com/hook",
    });
    const queued = textJson(edit);
    expect(queued).toMatchObject({ status: "pending", width: 768, height: 512, image: null });

    expect(textJson(await callTool(client, "flux_get_task", { task_id: task.task_id }))).toEqual(task);
    const listed = textJson(await callTool(client, "flux_list_tasks", { status: "pending" }));
    expect(listed).toMatchObject({ total: 1, tasks: [{ task_id: queued.task_id }] });

    expect(textJson(await callTool(client, "flux_cancel_task", { task_id: queued.task_id })).status).toBe("cancelled");
    const again = await callTool(client, "flux_cancel_task", { task_id: task.task_id });
    expect(again.isError).toBe(true);
    expect(firstText(again)).toContain("cannot be cancelled");

    const deleted = await callTool(client, "flux_delete_image", { image_id: task.image.image_id });
    expect(textJson(deleted)).toEqual({ image_id: task.image.image_id, deleted: true });
    expect((await callTool(client, "flux_delete_image", { image_id: task.image.image_id })).isError).toBe(true);
  });

  it("answers an unknown task id with an isError result, not a protocol error", async () => {
    const upstream = await start();
    const { client } = await open(upstream.url);
    const result = await callTool(client, "flux_get_task", { task_id: "task_nope" });
    expect(result.isError).toBe(true);
    expect(firstText(result)).toBe("Task not found: task_nope");
    expect((await callTool(client, "flux_generate_image", { prompt: "" })).isError).toBe(true);
  });

  it("gives the same answers in two fresh servers for the same calls", async () => {
    const first = await runScript((await start()).url);
    const second = await runScript((await start({ jsonResponse: true })).url);
    expect(second).toEqual(first);
    // Same arguments twice in one server are still two distinct tasks.
    const upstream = await start();
    const { client } = await open(upstream.url);
    const a = textJson(await callTool(client, "flux_generate_image", { prompt: "same" }));
    const b = textJson(await callTool(client, "flux_generate_image", { prompt: "same" }));
    expect(a.task_id).not.toBe(b.task_id);
    expect(a.seed).toBe(b.seed);
  });

  it("counts every tool call that arrived and records the headers it came with", async () => {
    const upstream = await start();
    const { client } = await open(upstream.url, { authorization: "Bearer client-secret", "x-injected": "yes" });
    await callTool(client, "flux_list_tasks");
    await callTool(client, "flux_list_tasks", { limit: 5 });
    await callTool(client, "flux_get_task", { task_id: "missing" });

    const stats = (await (await fetch(`${upstream.origin}/__stats`)).json()) as ReturnType<DemoUpstream["stats"]>;
    expect(stats.calls).toEqual({ flux_list_tasks: 2, flux_get_task: 1 });
    expect(stats.total).toBe(3);
    expect(stats.activeSessions).toBe(1);
    const call = stats.requests.find((r) => r.tool === "flux_get_task");
    expect(call).toMatchObject({ httpMethod: "POST", method: "tools/call" });
    expect(call?.headers.authorization).toBe("Bearer client-secret");
    expect(call?.headers["x-injected"]).toBe("yes");
    expect(call?.sessionId).toEqual(expect.any(String));
    expect(stats.requests.map((r) => r.method)).toContain("initialize");

    expect((await fetch(`${upstream.origin}/__reset`, { method: "POST" })).status).toBe(204);
    expect(upstream.stats()).toMatchObject({ calls: {}, total: 0, requests: [] });
  });

  it("keeps only the last 100 requests in history", async () => {
    const upstream = await start({ jsonResponse: true });
    const { client } = await open(upstream.url);
    for (let i = 0; i < 110; i += 1) await callTool(client, "flux_list_tasks", { limit: 1 });
    const stats = upstream.stats();
    expect(stats.calls.flux_list_tasks).toBe(110);
    expect(stats.requests).toHaveLength(100);
  });

  it("answers /healthz and 404s unknown paths", async () => {
    const upstream = await start();
    expect((await fetch(`${upstream.origin}/healthz`)).status).toBe(200);
    expect((await fetch(`${upstream.origin}/nope`)).status).toBe(404);
  });
});

describe("required upstream credential", () => {
  const requiredHeader = { name: "X-Upstream-Key", value: "s3cret" };

  it("refuses /mcp without the header, accepts it with the header, and leaves hooks open", async () => {
    const upstream = await start({ requiredHeader });
    await expect(connect(upstream.url)).rejects.toThrow(/401|nauthorized/);
    await expect(connect(upstream.url, { "x-upstream-key": "wrong" })).rejects.toThrow(/401|nauthorized/);
    expect(upstream.stats().requests.every((r) => r.rejected === "unauthorized")).toBe(true);

    const { client } = await open(upstream.url, { "x-upstream-key": "s3cret" });
    expect((await callTool(client, "flux_list_tasks")).isError).toBeFalsy();
    expect((await fetch(`${upstream.origin}/__stats`)).status).toBe(200);
    expect((await fetch(`${upstream.origin}/healthz`)).status).toBe(200);
  });
});

describe("transport modes", () => {
  it("streams POST answers as SSE by default", async () => {
    const upstream = await start();
    const { client, responses } = await open(upstream.url);
    responses.length = 0;
    await callTool(client, "flux_list_tasks");
    expect(responses).toContain("POST 200 text/event-stream");
  });

  it("answers POSTs with JSON bodies in JSON-response mode", async () => {
    const upstream = await start({ jsonResponse: true });
    const { client, responses } = await open(upstream.url);
    responses.length = 0;
    await callTool(client, "flux_list_tasks");
    expect(responses).toContain("POST 200 application/json");
    expect(responses.some((r) => r.startsWith("POST") && r.includes("event-stream"))).toBe(false);
  });

  it("serves a standalone SSE stream on GET for a live session", async () => {
    const upstream = await start();
    // Raw HTTP here: the SDK client opens its own GET stream and the SDK allows one per session.
    const init = await fetch(upstream.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
      }),
    });
    const sessionId = init.headers.get("mcp-session-id") ?? "";
    await init.text();
    expect(sessionId).not.toBe("");
    const controller = new AbortController();
    const stream = await fetch(upstream.url, {
      headers: { accept: "text/event-stream", "mcp-session-id": sessionId },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toBe("text/event-stream");
    controller.abort();
    const stranger = await fetch(upstream.url, { headers: { accept: "text/event-stream", "mcp-session-id": "nope" } });
    expect(stranger.status).toBe(404);
  });

  it("ends a session on DELETE: its id answers 404 afterwards", async () => {
    const upstream = await start();
    const { transport } = await open(upstream.url);
    const sessionId = transport.sessionId ?? "";
    expect(upstream.stats().activeSessions).toBe(1);
    await transport.terminateSession();
    expect(upstream.stats().activeSessions).toBe(0);
    expect(upstream.stats().requests.at(-1)).toMatchObject({ httpMethod: "DELETE", sessionId });
    const res = await fetch(upstream.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-session-id": sessionId },
      body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "tools/list" }),
    });
    expect(res.status).toBe(404);
  });

  it("works without sessions in stateless mode", async () => {
    const upstream = await start({ stateless: true, jsonResponse: true });
    const { client, transport } = await open(upstream.url);
    expect(transport.sessionId).toBeUndefined();
    const task = textJson(await callTool(client, "flux_generate_image", { prompt: "stateless" }));
    // One shared backend behind the per-request servers.
    expect(textJson(await callTool(client, "flux_get_task", { task_id: task.task_id }))).toEqual(task);
    expect((await fetch(upstream.url, { headers: { accept: "text/event-stream" } })).status).toBe(405);
    expect(upstream.stats().activeSessions).toBe(0);
  });
});
