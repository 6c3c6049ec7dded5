// Onboarding's "send a test call": connect to the server's proxy URL as the new identity, with an
// MCP SDK client, list the tools the policy lets it see and call one harmless tool (a read that
// needs no arguments). The decision lands in the decision logs like any other call.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { describeFailure } from "./test-connection.ts";
import { getServerInOrg } from "./internal.ts";
import { proxyUrlOf } from "./present-server.ts";

export type TestCallResult =
  | { ok: true; visibleTools: number; tool: string | null; outcome: string; text: string }
  | { ok: false; message: string };

export async function sendTestCall(ctx: ServiceContext, input: { serverId: string; token: string; proxyOrigin: string }): Promise<TestCallResult> {
  requirePermission(ctx, "read");
  const server = await getServerInOrg(ctx, input.serverId);
  const reads = await ctx.db.tool.findMany({ where: { orgId: ctx.orgId, serverId: server.id, riskCategory: "read", status: "active" }, select: { name: true } });
  const client = new Client({ name: "gatehouse-test-call", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(proxyUrlOf(input.proxyOrigin, server.id)), {
    requestInit: { headers: { Authorization: `Bearer ${input.token}` } },
  });
  try {
    await client.connect(transport, { timeout: 10_000 });
    const { tools } = await client.listTools(undefined, { timeout: 10_000 });
    const readNames = new Set(reads.map((r) => r.name));
    const candidate = tools.find((t) => readNames.has(t.name) && (t.inputSchema.required ?? []).length === 0);
    if (!candidate) return { ok: true, visibleTools: tools.length, tool: null, outcome: "listed", text: `The proxy listed ${tools.length} tools.` };
    const result = (await client.callTool({ name: candidate.name, arguments: {} }, undefined, { timeout: 10_000 })) as CallToolResult;
    const decision = (result._meta?.["gatehouse/decision"] as { outcome?: string } | undefined)?.outcome;
    const first = result.content[0];
    const text = first?.type === "text" ? first.text.slice(0, 300) : "";
    return { ok: true, visibleTools: tools.length, tool: candidate.name, outcome: decision ?? (result.isError ? "error" : "allowed"), text };
  } catch (error) {
    const failure = describeFailure(error);
    return { ok: false, message: failure.kind === "unauthorized" ? "The proxy refused the token (401/403)." : failure.message.replace("upstream", "proxy") };
  } finally {
    await client.close().catch(() => undefined);
  }
}
