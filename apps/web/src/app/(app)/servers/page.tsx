// The Servers page: the org's upstream MCP servers with their proxy URLs and tool counts. The
// first page is loaded here; the client table keeps it fresh through /api/v1/servers.
import { can } from "@gatehouse/shared";
import { listServerPage } from "@gatehouse/services";
import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { env } from "@/env";
import { getServiceContext } from "@/server/context";
import { ServersTable } from "./servers-table";

export const metadata: Metadata = { title: "Servers" };

export default async function ServersPage() {
  const ctx = await getServiceContext();
  const first = await listServerPage(ctx, { limit: 50, proxyOrigin: env().GATEHOUSE_PUBLIC_PROXY_URL });
  const canWrite = can(ctx.role, "servers:write");
  return (
    <>
      <PageHeader
        title="Servers"
        description="Upstream MCP servers this organization proxies. Agents connect to the proxy URL, never to the upstream."
        actions={
          canWrite ? (
            <Button asChild>
              <Link href="/servers/new">
                <Plus aria-hidden /> Register server
              </Link>
            </Button>
          ) : null
        }
      />
      <ServersTable initialPage={first} canWrite={canWrite} />
    </>
  );
}
