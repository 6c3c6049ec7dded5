// Deletes a server with its tools, policies and grants (the schema cascades); agents using its
// proxy URL get 404 from the next bundle on. Decision logs keep their rows.
import { recordAudit } from "../audit/record-audit.ts";
import { refreshBundle } from "../bundles/refresh-bundle.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { transact } from "../transaction.ts";
import { getServerInOrg } from "./internal.ts";

export async function deleteServer(ctx: ServiceContext, input: { serverId: string }): Promise<void> {
  requirePermission(ctx, "servers:write");
  await transact(ctx, async (tx, txCtx) => {
    const server = await getServerInOrg(txCtx, input.serverId);
    await tx.server.delete({ where: { id: server.id } });
    await recordAudit(ctx, tx, { action: "server.delete", targetType: "server", targetId: server.id, data: { name: server.name, upstreamUrl: server.upstreamUrl } });
  });
  await refreshBundle(ctx);
}
