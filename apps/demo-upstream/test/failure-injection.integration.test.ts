import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { type DemoUpstream, startDemoUpstream } from "../src/index.ts";
import { type Connected, callTool, connect, firstText } from "./helpers.ts";

const started: DemoUpstream[] = [];
const clients: Connected[] = [];

async function setup(jsonResponse: boolean): Promise<{ upstream: DemoUpstream } & Connected> {
  const upstream = await startDemoUpstream({ jsonResponse });
  started.push(upstream);
  const connected = await connect(upstream.url);
  clients.push(connected);
  return { upstream, ...connected };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.client.close()));
  await Promise.all(started.splice(0).map((u) => u.close()));
});

async function queue(upstream: DemoUpstream, plan: object): Promise<Response> {
  return fetch(`${upstream.origin}/__fail`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(plan),
  });
}

describe.each([
  { label: "SSE", jsonResponse: false },
  { label: "JSON", jsonResponse: true },
])("failure injection ($label responses)", ({ jsonResponse }) => {
  it("http_500 fails the HTTP request, then the next call succeeds", async () => {
    const { upstream, client } = await setup(jsonResponse);
    expect((await queue(upstream, { mode: "http_500", count: 2 })).status).toBe(204);
    await expect(callTool(client, "flux_list_tasks")).rejects.toThrow(/500/);
    await expect(callTool(client, "flux_list_tasks")).rejects.toThrow(/500/);
    expect((await callTool(client, "flux_list_tasks")).isError).toBeFalsy();
    expect(upstream.stats().calls.flux_list_tasks).toBe(3);
    expect(upstream.stats().requests.filter((r) => r.injected === "http_500")).toHaveLength(2);
  });

  it("jsonrpc_error answers with a JSON-RPC error", async () => {
    const { upstream, client } = await setup(jsonResponse);
    upstream.fail({ mode: "jsonrpc_error" });
    const error = await callTool(client, "flux_list_tasks").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(-32603);
    expect((await callTool(client, "flux_list_tasks")).isError).toBeFalsy();
  });

  it("is_error answers with an isError result and leaves the fake backend untouched", async () => {
    const { upstream, client, responses } = await setup(jsonResponse);
    upstream.fail({ mode: "is_error", tool: "flux_generate_image" });
    responses.length = 0;
    const failed = await callTool(client, "flux_generate_image", { prompt: "never made" });
    expect(failed.isError).toBe(true);
    expect(firstText(failed)).toContain("is_error");
    // The injected answer is framed like the transport's own in this mode.
    expect(responses.filter((r) => r.startsWith("POST"))).toEqual([`POST 200 ${jsonResponse ? "application/json" : "text/event-stream"}`]);
    expect((await callTool(client, "flux_list_tasks")).structuredContent).toMatchObject({ total: 0 });
    expect(upstream.stats().calls).toEqual({ flux_generate_image: 1, flux_list_tasks: 1 });
  });

  it("hang never answers, so the client times out", async () => {
    const { upstream, client } = await setup(jsonResponse);
    upstream.fail({ mode: "hang" });
    await expect(client.callTool({ name: "flux_list_tasks", arguments: {} }, undefined, { timeout: 200 })).rejects.toThrow(
      /timed out/i,
    );
    expect((await callTool(client, "flux_list_tasks")).isError).toBeFalsy();
  });

  it("close drops the connection mid-call", async () => {
    const { upstream, client } = await setup(jsonResponse);
    upstream.fail({ mode: "close" });
    await expect(callTool(client, "flux_list_tasks")).rejects.toThrow();
    expect(upstream.stats().calls.flux_list_tasks).toBe(1);
    expect((await callTool(client, "flux_list_tasks")).isError).toBeFalsy();
  });
});

describe("failure plans", () => {
  it("match only the named tool and are consumed in order", async () => {
    const { upstream, client } = await setup(true);
    upstream.fail({ mode: "is_error", tool: "flux_delete_image" });
    upstream.fail({ mode: "http_500", tool: "flux_delete_image" });
    expect((await callTool(client, "flux_list_tasks")).isError).toBeFalsy();
    expect((await callTool(client, "flux_delete_image", { image_id: "img_x" })).isError).toBe(true);
    await expect(callTool(client, "flux_delete_image", { image_id: "img_x" })).rejects.toThrow(/500/);
    // Plans used up: the real answer (image not found) comes back.
    const real = await callTool(client, "flux_delete_image", { image_id: "img_x" });
    expect(firstText(real)).toBe("Image not found: img_x");
  });

  it("are cleared by reset and rejected when malformed", async () => {
    const { upstream, client } = await setup(true);
    upstream.fail({ mode: "http_500", count: 5 });
    await fetch(`${upstream.origin}/__reset`, { method: "POST" });
    expect((await callTool(client, "flux_list_tasks")).isError).toBeFalsy();
    expect((await queue(upstream, { mode: "explode" })).status).toBe(400);
    expect((await queue(upstream, { mode: "hang", count: 0 })).status).toBe(400);
    expect((await fetch(`${upstream.origin}/__fail`, { method: "POST", body: "{" })).status).toBe(400);
  });

  it("let close() finish while a call is hanging", async () => {
    const upstream = await startDemoUpstream();
    const { client } = await connect(upstream.url);
    upstream.fail({ mode: "hang" });
    const pending = callTool(client, "flux_list_tasks").catch((e: unknown) => e);
    await expect.poll(() => upstream.stats().total).toBe(1);
    await upstream.close();
    expect(await pending).toBeInstanceOf(Error);
    await client.close();
  });
});
