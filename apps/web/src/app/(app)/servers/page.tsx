import { listServers } from "@gatehouse/services";
import { ServerIcon } from "lucide-react";
import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getServiceContext } from "@/server/context";
import { proxyUrlFor } from "@/server/proxy-url";

export const metadata: Metadata = { title: "Servers" };

export default async function ServersPage() {
  const servers = await listServers(await getServiceContext());
  return (
    <>
      <PageHeader title="Servers" description="Upstream MCP servers this organization proxies. Agents connect to the proxy URL, never to the upstream." />
      {servers.length === 0 ? (
        <EmptyState icon={ServerIcon} title="No servers registered">
          Each registered MCP server gets a proxy URL here; point your agents' MCP clients at it.
        </EmptyState>
      ) : (
        <TableContainer>
          <Table aria-label="Servers">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Upstream URL</TableHead>
                <TableHead>Proxy URL</TableHead>
                <TableHead>Tools</TableHead>
                <TableHead>Created</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {servers.map((server) => {
                const proxyUrl = proxyUrlFor(server.id);
                return (
                  <TableRow key={server.id}>
                    <TableCell className="min-w-48">
                      <span className="font-medium">{server.name}</span>
                      {!server.enabled && (
                        <Badge tone="warning" className="ml-2">
                          Disabled
                        </Badge>
                      )}
                      {server.description && <p className="mt-0.5 text-xs text-muted-foreground">{server.description}</p>}
                    </TableCell>
                    <TableCell mono className="min-w-48">
                      {server.upstreamUrl}
                    </TableCell>
                    <TableCell mono className="min-w-56">
                      <span className="inline-flex items-start gap-1">
                        <span className="pt-1.5">{proxyUrl}</span>
                        <CopyButton value={proxyUrl} label={`Copy proxy URL of ${server.name}`} toastMessage="Proxy URL copied" />
                      </span>
                    </TableCell>
                    <TableCell>{server._count.tools}</TableCell>
                    <TableCell>
                      <DateTime value={server.createdAt} />
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </>
  );
}
