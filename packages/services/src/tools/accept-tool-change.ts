// POST /servers/{id}/tools/{name}/accept: an admin has read the definition diff and accepts the
// tool as it is now. Its quarantine ends (proxies relay and allow it from the next bundle on).
import { Prisma } from "@gatehouse/db";
import { type ToolResponse, conflict, notFound } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import { refreshBundle } from "../bundles/refresh-bundle.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { getServerInOrg } from "../servers/internal.ts";
import { transact } from "../transaction.ts";
import { presentTool } from "./present-tool.ts";

export async function acceptToolChange(ctx: ServiceContext, input: { serverId: string; toolName: string }): Promise<ToolResponse> {
  requirePermission(ctx, "servers:write");
  const { tool, mode } = await transact(ctx, async (tx, txCtx) => {
    const server = await getServerInOrg(txCtx, input.serverId);
    const tool = await tx.tool.findFirst({ where: { orgId: ctx.orgId, serverId: server.id, name: input.toolName } });
    if (!tool) throw notFound("Tool");
    if (tool.status === "removed") throw conflict("This tool is no longer offered by the upstream; there is nothing to accept.");
    const updated = await tx.tool.update({
      where: { id: tool.id },
      data: { acceptedHash: tool.definitionHash, acceptedDefinition: Prisma.DbNull, status: "active" },
    });
    await recordAudit(ctx, tx, {
      action: "tool.accept",
      targetType: "tool",
      targetId: tool.id,
      data: { serverId: server.id, name: tool.name, from: tool.acceptedHash, to: tool.definitionHash },
    });
    return { tool: updated, mode: server.argumentValidation };
  });
  await refreshBundle(ctx);
  return presentTool(tool, mode);
}
