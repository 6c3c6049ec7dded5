// GET /servers/{id}/tools: every tool discovery has seen on the server, removed ones included.
import type { ToolResponse } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { getServerInOrg } from "../servers/internal.ts";
import { byRisk, presentTool } from "./present-tool.ts";

export async function listTools(ctx: ServiceContext, input: { serverId: string }): Promise<ToolResponse[]> {
  requirePermission(ctx, "read");
  const server = await getServerInOrg(ctx, input.serverId);
  const rows = await ctx.db.tool.findMany({ where: { orgId: ctx.orgId, serverId: server.id } });
  return rows.map((row) => presentTool(row, server.argumentValidation)).sort(byRisk);
}
