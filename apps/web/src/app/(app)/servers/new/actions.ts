"use server";
// Registers the demo upstream this machine runs (npm start), with its credential, without the
// credential ever reaching the browser.
import { createServer, discoverTools } from "@gatehouse/services";
import { AppError } from "@gatehouse/shared";
import { env } from "@/env";
import { getServiceContext } from "@/server/context";

export async function registerDemoServerAction(): Promise<{ serverId: string } | { error: string }> {
  const config = env();
  if (!config.GATEHOUSE_DEMO_UPSTREAM_URL) return { error: "The demo server is not running on this machine." };
  const ctx = { ...(await getServiceContext()), allowPrivateNetworks: allowPrivate() };
  try {
    const server = await createServer(ctx, {
      name: `Flux demo ${Math.random().toString(36).slice(2, 6)}`,
      description: "The demo image-generation MCP server (six tools).",
      upstreamUrl: config.GATEHOUSE_DEMO_UPSTREAM_URL,
      ...(config.DEMO_UPSTREAM_AUTH_VALUE ? { upstreamAuth: { headers: { "X-Demo-Key": config.DEMO_UPSTREAM_AUTH_VALUE } } } : {}),
    });
    await discoverTools(ctx, { serverId: server.id }).catch(() => undefined);
    return { serverId: server.id };
  } catch (error) {
    return { error: error instanceof AppError ? error.message : "Could not register the demo server." };
  }
}

function allowPrivate(): boolean {
  const value = env().GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS;
  return value === "1" || value === "true";
}
