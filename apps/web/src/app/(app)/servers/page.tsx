import { listServers } from "@gatehouse/services";
import type { Metadata } from "next";
import { Badge, Cell, DateCell, EmptyState, PageHeader, Table } from "@/components/page-parts";
import { getServiceContext } from "@/server/context";
import { proxyUrlFor } from "@/server/proxy-url";

export const metadata: Metadata = { title: "Servers" };

export default async function ServersPage() {
  const servers = await listServers(await getServiceContext());
  return (
    <>
      <PageHeader title="Servers" description="Upstream MCP servers this organization proxies. Agents connect to the proxy URL, never to the upstream." />
      {servers.length === 0 ? (
        <EmptyState title="No servers registered">Each registered MCP server gets a proxy URL here; point your agents' MCP clients at it.</EmptyState>
      ) : (
        <Table label="Servers" head={["Name", "Upstream URL", "Proxy URL", "Tools", "Created"]}>
          {servers.map((server) => (
            <tr key={server.id}>
              <Cell>
                <span className="font-medium">{server.name}</span>
                {!server.enabled && (
                  <span className="ml-2">
                    <Badge tone="amber">disabled</Badge>
                  </span>
                )}
                {server.description && <p className="text-xs text-zinc-500">{server.description}</p>}
              </Cell>
              <Cell mono>{server.upstreamUrl}</Cell>
              <Cell mono>{proxyUrlFor(server.id)}</Cell>
              <Cell>{server._count.tools}</Cell>
              <DateCell value={server.createdAt} />
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
