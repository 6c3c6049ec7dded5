// One server: what it is, how to connect an agent to it, its tools with their risk, and (for
// admins) the two-minute setup — starter policy, identity and token, a test call.
import { getServer, listTools } from "@gatehouse/services";
import { can } from "@gatehouse/shared";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { env } from "@/env";
import { getServiceContext } from "@/server/context";
import { DecisionLogsSlice } from "../../decision-logs/decision-logs-slice";
import { ServerWorkspace } from "./server-workspace";

export const metadata: Metadata = { title: "Server" };

export default async function ServerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await getServiceContext();
  // A missing or foreign id throws not_found, which the app's not-found page shows.
  const server = await getServer(ctx, { serverId: id, proxyOrigin: env().GATEHOUSE_PUBLIC_PROXY_URL }).catch(() => null);
  if (!server) notFound();
  const tools = await listTools(ctx, { serverId: server.id });
  return (
    <>
      <ServerWorkspace initialServer={server} initialTools={tools} canWrite={can(ctx.role, "servers:write")} canSetUp={can(ctx.role, "tokens:write")} />
      <DecisionLogsSlice serverId={server.id} />
    </>
  );
}
