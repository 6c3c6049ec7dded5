// Registers an upstream MCP server. Its credential headers are encrypted before they are stored.
import { CreateServerInput, newId, type UpstreamAuth } from "@gatehouse/shared";
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

/** How present-server.ts tells the OAuth form from header names (which cannot contain spaces). */
export const OAUTH_HINT_PREFIX = "OAuth client credentials";

/**
 * The stored form of an upstream credential: the JSON encrypted (headers, or the OAuth client
 * credentials with their secret) and a hint without secrets. Null columns when there is none.
 * The OAuth token URL passes the same SSRF check as the upstream URL.
 */
export async function encodeUpstreamAuth(
  ctx: ServiceContext & { allowPrivateNetworks: boolean },
  auth: UpstreamAuth | null | undefined,
): Promise<{ upstreamAuthEnc: string | null; upstreamAuthHint: string | null }> {
  if (!auth) return { upstreamAuthEnc: null, upstreamAuthHint: null };
  if (auth.type === "oauth2_client_credentials") {
    await guardUpstreamUrl(auth.tokenUrl, { allowPrivateNetworks: ctx.allowPrivateNetworks }, "upstreamAuth.tokenUrl");
    const stored = {
      type: auth.type,
      tokenUrl: auth.tokenUrl,
      clientId: auth.clientId,
      clientSecret: auth.clientSecret,
      ...(auth.scope ? { scope: auth.scope } : {}),
      ...(auth.audience ? { audience: auth.audience } : {}),
    };
    return {
      upstreamAuthEnc: encryptText(ctx.secrets.encryptionKey, JSON.stringify(stored)),
      upstreamAuthHint: `${OAUTH_HINT_PREFIX}: client ${auth.clientId.slice(0, 80)} at ${new URL(auth.tokenUrl).host}`,
    };
  }
  if (Object.keys(auth.headers).length === 0) return { upstreamAuthEnc: null, upstreamAuthHint: null };
  return {
    upstreamAuthEnc: encryptText(ctx.secrets.encryptionKey, JSON.stringify({ headers: auth.headers })),
    upstreamAuthHint: describeUpstreamAuth(auth.headers),
  };
}

export async function createServer(ctx: ServiceContext & { allowPrivateNetworks: boolean }, input: CreateServerInput) {
  requirePermission(ctx, "servers:write");
  const data = CreateServerInput.parse(input);
  await guardUpstreamUrl(data.upstreamUrl, { allowPrivateNetworks: ctx.allowPrivateNetworks });
  const auth = await encodeUpstreamAuth(ctx, data.upstreamAuth);
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
          ...auth,
          ...(data.connectTimeoutMs ? { connectTimeoutMs: data.connectTimeoutMs } : {}),
          ...(data.headersTimeoutMs ? { headersTimeoutMs: data.headersTimeoutMs } : {}),
          ...(data.bodyTimeoutMs ? { bodyTimeoutMs: data.bodyTimeoutMs } : {}),
          ...(data.maxBodyBytes ? { maxBodyBytes: data.maxBodyBytes } : {}),
          ...(data.onToolChange ? { onToolChange: data.onToolChange } : {}),
          ...(data.argumentValidation ? { argumentValidation: data.argumentValidation } : {}),
          ...(data.allowedOrigins ? { allowedOrigins: data.allowedOrigins } : {}),
          ...(data.captureArguments !== undefined ? { captureArguments: data.captureArguments } : {}),
          ...(data.captureRetentionDays ? { captureRetentionDays: data.captureRetentionDays } : {}),
        },
      });
      await recordAudit(ctx, tx, { action: "server.create", targetType: "server", targetId: server.id, data: { name: server.name, upstreamUrl: server.upstreamUrl } });
      return server;
    }),
  );
  await refreshBundle(ctx);
  return server;
}
