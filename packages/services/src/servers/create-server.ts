// Registers an upstream MCP server. Its credential headers are encrypted before they are stored.
import { CreateServerInput, newId } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import { conflictOnDuplicate } from "../conflict-on-duplicate.ts";
import { refreshBundle } from "../bundles/refresh-bundle.ts";
import type { ServiceContext } from "../context.ts";
import { transact } from "../transaction.ts";
import { encryptText } from "@gatehouse/shared/node";
import { requirePermission } from "../require-permission.ts";
import { guardUpstreamUrl } from "./guard-upstream-url.ts";

export function describeUpstreamAuth(headers: Record<string, string>): string | null {
  const entries = Object.entries(headers);
  if (entries.length === 0) return null;
  return entries.map(([name, value]) => `${name}: …${value.slice(-4)}`).join(", ");
}

export async function createServer(ctx: ServiceContext & { allowPrivateNetworks: boolean }, input: CreateServerInput) {
  requirePermission(ctx, "servers:write");
  const data = CreateServerInput.parse(input);
  await guardUpstreamUrl(data.upstreamUrl, { allowPrivateNetworks: ctx.allowPrivateNetworks });
  const headers = data.upstreamAuth?.headers ?? {};
  const hasAuth = Object.keys(headers).length > 0;
  const server = await conflictOnDuplicate(`A server named "${data.name}" already exists.`, () =>
    transact(ctx, async (tx) => {
      const server = await tx.server.create({
        data: {
          id: newId("server"),
          orgId: ctx.orgId,
          name: data.name,
          description: data.description ?? null,
          upstreamUrl: data.upstreamUrl,
          transport: data.transport,
          upstreamAuthEnc: hasAuth ? encryptText(ctx.secrets.encryptionKey, JSON.stringify({ headers })) : null,
          upstreamAuthHint: describeUpstreamAuth(headers),
          ...(data.connectTimeoutMs ? { connectTimeoutMs: data.connectTimeoutMs } : {}),
          ...(data.headersTimeoutMs ? { headersTimeoutMs: data.headersTimeoutMs } : {}),
          ...(data.bodyTimeoutMs ? { bodyTimeoutMs: data.bodyTimeoutMs } : {}),
          ...(data.maxBodyBytes ? { maxBodyBytes: data.maxBodyBytes } : {}),
          ...(data.onToolChange ? { onToolChange: data.onToolChange } : {}),
          ...(data.allowedOrigins ? { allowedOrigins: data.allowedOrigins } : {}),
        },
      });
      await recordAudit(ctx, tx, { action: "server.create", targetType: "server", targetId: server.id, data: { name: server.name, upstreamUrl: server.upstreamUrl } });
      return server;
    }),
  );
  await refreshBundle(ctx);
  return server;
}
