"use client";
// The server page's client side: server and tools kept fresh through /api/v1, and the token minted
// by the setup step shared with the connection snippets (it exists only in this page's memory).
import type { ServerResponse, ToolResponse } from "@gatehouse/shared";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { apiFetch } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import { ArgumentCaptureCard } from "./argument-capture-card";
import { ConnectCard } from "./connect-card";
import { ServerToolbar } from "./server-toolbar";
import { SetupCard } from "./setup-card";
import { ToolsTable } from "./tools-table";

export function ServerWorkspace({
  initialServer,
  initialTools,
  canWrite,
  canSetUp,
}: {
  initialServer: ServerResponse;
  initialTools: ToolResponse[];
  canWrite: boolean;
  canSetUp: boolean;
}) {
  const [token, setToken] = useState<string | null>(null);
  const server = useQuery({
    queryKey: queryKeys.servers.detail(initialServer.id),
    queryFn: ({ signal }) => apiFetch<ServerResponse>(`/servers/${initialServer.id}`, { signal }),
    initialData: initialServer,
  }).data;
  const tools = useQuery({
    queryKey: queryKeys.tools.list({ serverId: initialServer.id }),
    queryFn: ({ signal }) => apiFetch<{ data: ToolResponse[] }>(`/servers/${initialServer.id}/tools`, { signal }).then((r) => r.data),
    initialData: initialTools,
  });

  return (
    <>
      <PageHeader
        title={server.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-xs break-all">{server.upstreamUrl}</span>
            {!server.enabled && <Badge tone="warning">Disabled</Badge>}
            {server.onToolChange === "quarantine" && <Badge tone="info">Quarantines changed tools</Badge>}
            {server.upstreamAuth && <Badge tone="neutral">Credential {server.upstreamAuth.hint}</Badge>}
            {server.captureArguments && <Badge tone="info">Captures arguments</Badge>}
          </span>
        }
        actions={canWrite ? <ServerToolbar server={server} /> : null}
      />
      <div className="flex flex-col gap-6">
        {canSetUp && <SetupCard server={server} tools={tools.data} token={token} onToken={setToken} />}
        <ConnectCard server={server} token={token} />
        <ToolsTable server={server} tools={tools.data} loading={tools.isFetching && tools.data.length === 0} canWrite={canWrite} />
        <ArgumentCaptureCard server={server} canWrite={canWrite} />
      </div>
    </>
  );
}
