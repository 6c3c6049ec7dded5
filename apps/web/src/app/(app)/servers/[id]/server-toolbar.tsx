"use client";
// Test connection, discover tools again, edit, disable/enable, delete: each through /api/v1, each
// with its outcome said where the person looks (a status line for the test, toasts for the rest).
import type { DiscoveryResponse, ServerResponse, TestConnectionResponse } from "@gatehouse/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Ban, CircleCheck, PlugZap, RefreshCw, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { apiFetch } from "@/lib/api/api-fetch";
import { errorMessage } from "@/lib/api/api-error";
import { queryKeys } from "@/lib/api/query-keys";
import { EditServerDialog } from "./edit-server-dialog";

export function ServerToolbar({ server }: { server: ServerResponse }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const test = useMutation({
    mutationFn: () => apiFetch<TestConnectionResponse>(`/servers/${server.id}/test`, { method: "POST" }),
    onError: (error) => toast.error(errorMessage(error)),
  });
  const discover = useMutation({
    mutationFn: () => apiFetch<DiscoveryResponse>(`/servers/${server.id}/discover`, { method: "POST" }),
    onSuccess: (result) => {
      const parts = [`${result.tools.filter((t) => t.status !== "removed").length} tools`];
      if (result.added.length) parts.push(`${result.added.length} new`);
      if (result.changed.length) parts.push(`${result.changed.length} changed`);
      if (result.removed.length) parts.push(`${result.removed.length} removed`);
      toast.success(`Discovery done: ${parts.join(", ")}`);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.tools.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.servers.all }),
      ]);
    },
    onError: (error) => toast.error(errorMessage(error)),
  });

  async function toggleEnabled() {
    const next = await apiFetch<ServerResponse>(`/servers/${server.id}`, { method: "PATCH", body: { enabled: !server.enabled } });
    toast.success(next.enabled ? `${next.name} is enabled again` : `${next.name} is disabled: the proxy refuses its calls`);
    queryClient.setQueryData(queryKeys.servers.detail(server.id), next);
    await queryClient.invalidateQueries({ queryKey: queryKeys.servers.all });
  }

  const result = test.data;
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={() => test.mutate()} loading={test.isPending}>
          <PlugZap aria-hidden /> Test connection
        </Button>
        <Button variant="secondary" onClick={() => discover.mutate()} loading={discover.isPending}>
          <RefreshCw aria-hidden /> Discover tools
        </Button>
        <EditServerDialog server={server} />
        <ConfirmDialog
          trigger={
            <Button variant="secondary">
              {server.enabled ? <Ban aria-hidden /> : <CircleCheck aria-hidden />}
              {server.enabled ? "Disable" : "Enable"}
            </Button>
          }
          title={server.enabled ? `Disable ${server.name}?` : `Enable ${server.name}?`}
          description={
            server.enabled
              ? "The proxy refuses every call to this server from the next one. Its tools, policies and grants are kept."
              : "Agents with a grant can call it through the proxy again from the next call."
          }
          confirmLabel={server.enabled ? "Disable server" : "Enable server"}
          destructive={server.enabled}
          onConfirm={toggleEnabled}
        />
        <ConfirmDialog
          trigger={
            <Button variant="ghost" aria-label={`Delete ${server.name}`}>
              <Trash2 aria-hidden />
            </Button>
          }
          title={`Delete ${server.name}?`}
          description="Its tools, policies and grants are deleted too, and agents using its proxy URL are refused from now on. Decision logs are kept."
          confirmLabel="Delete server"
          onConfirm={async () => {
            await apiFetch(`/servers/${server.id}`, { method: "DELETE" });
            toast.success(`Deleted ${server.name}`);
            await queryClient.invalidateQueries({ queryKey: queryKeys.servers.all });
            router.push("/servers");
          }}
        />
      </div>
      <p role="status" aria-live="polite" className="max-w-md text-right text-sm" data-testid="connection-status">
        {result?.ok && (
          <span className="text-emerald-700">
            Connected to {result.serverInfo?.title ?? result.serverInfo?.name} {result.serverInfo?.version} · MCP {result.protocolVersion} · {result.latencyMs} ms
          </span>
        )}
        {result && !result.ok && <span className="text-red-700">Connection failed: {result.error?.message}</span>}
      </p>
    </div>
  );
}
