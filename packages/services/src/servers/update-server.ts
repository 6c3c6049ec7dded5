// Changes a server's settings. A new upstream credential replaces the old one (re-encrypted with
// the current key); the audit event records which fields changed, never their secret values.
import { UpdateServerInput, notFound } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import { conflictOnDuplicate } from "../conflict-on-duplicate.ts";
import { refreshBundle } from "../bundles/refresh-bundle.ts";
import type { ServiceContext } from "../context.ts";
import { transact } from "../transaction.ts";
import { requirePermission } from "../require-permission.ts";
import { guardUpstreamUrl } from "./guard-upstream-url.ts";
import { encodeUpstreamAuth } from "./create-server.ts";

export async function updateServer(ctx: ServiceContext & { allowPrivateNetworks: boolean }, input: UpdateServerInput) {
  requirePermission(ctx, "servers:write");
  const { serverId, upstreamAuth, ...fields } = UpdateServerInput.parse(input);
  if (fields.upstreamUrl) await guardUpstreamUrl(fields.upstreamUrl, { allowPrivateNetworks: ctx.allowPrivateNetworks });
  const auth = upstreamAuth === undefined ? {} : await encodeUpstreamAuth(ctx, upstreamAuth);
  const server = await conflictOnDuplicate(`A server named "${fields.name}" already exists.`, () =>
    transact(ctx, async (tx) => {
      const existing = await tx.server.findFirst({ where: { id: serverId, orgId: ctx.orgId }, select: { id: true } });
      if (!existing) throw notFound("Server");
      const updated = await tx.server.update({ where: { id: existing.id }, data: { ...fields, ...auth } });
      // Tools waiting for review follow the server's setting: quarantined under `quarantine`,
      // merely marked changed under `allow`.
      if (fields.onToolChange === "quarantine") {
        await tx.tool.updateMany({ where: { orgId: ctx.orgId, serverId: existing.id, status: "changed" }, data: { status: "quarantined" } });
      } else if (fields.onToolChange === "allow") {
        await tx.tool.updateMany({ where: { orgId: ctx.orgId, serverId: existing.id, status: "quarantined" }, data: { status: "changed" } });
      }
      const changed = [...Object.keys(fields), ...(upstreamAuth === undefined ? [] : ["upstreamAuth"])];
      // Turning argument capture on or off is a privacy decision: the audit names the new state.
      const capture = fields.captureArguments === undefined ? {} : { captureArguments: fields.captureArguments };
      await recordAudit(ctx, tx, { action: "server.update", targetType: "server", targetId: updated.id, data: { changed, ...capture } });
      return updated;
    }),
  );
  await refreshBundle(ctx);
  return server;
}
