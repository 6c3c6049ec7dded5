import { listGrants } from "@gatehouse/services";
import type { Metadata } from "next";
import { Badge, Cell, DateCell, EmptyState, PageHeader, Table } from "@/components/page-parts";
import { getServiceContext } from "@/server/context";

export const metadata: Metadata = { title: "Grants" };

export default async function GrantsPage() {
  const grants = await listGrants(await getServiceContext());
  const now = new Date();
  return (
    <>
      <PageHeader title="Grants" description="Which identity may use which server, and under which policy. A grant without a policy denies every call." />
      {grants.length === 0 ? (
        <EmptyState title="No grants yet">Until an identity holds a grant on a server, the proxy answers its calls to that server with 403.</EmptyState>
      ) : (
        <Table label="Grants" head={["Identity", "Server", "Policy", "Status", "Expires", "Created"]}>
          {grants.map((grant) => {
            const expired = grant.expiresAt !== null && grant.expiresAt <= now;
            return (
              <tr key={grant.id}>
                <Cell>{grant.identity.name}</Cell>
                <Cell>{grant.server.name}</Cell>
                <Cell>{grant.policy ? grant.policy.name : <span className="text-zinc-500">none — denies every call</span>}</Cell>
                <Cell>
                  {!grant.enabled ? <Badge tone="amber">disabled</Badge> : expired ? <Badge tone="red">expired</Badge> : <Badge tone="green">active</Badge>}
                </Cell>
                <DateCell value={grant.expiresAt} />
                <DateCell value={grant.createdAt} />
              </tr>
            );
          })}
        </Table>
      )}
    </>
  );
}
