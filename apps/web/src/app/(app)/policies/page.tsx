import { listPolicies } from "@gatehouse/services";
import type { Metadata } from "next";
import { Badge, Cell, DateCell, EmptyState, PageHeader, Table } from "@/components/page-parts";
import { getServiceContext } from "@/server/context";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage() {
  const policies = await listPolicies(await getServiceContext());
  return (
    <>
      <PageHeader title="Policies" description="Rules for one server's tools: allow, deny, hide, rate-limit or require approval. Versions are immutable; the published one is enforced." />
      {policies.length === 0 ? (
        <EmptyState title="No policies yet">A policy belongs to one server and is attached to grants; its published version is what the proxy enforces.</EmptyState>
      ) : (
        <Table label="Policies" head={["Name", "Server", "Published", "Versions", "Grants", "Updated"]}>
          {policies.map((policy) => (
            <tr key={policy.id}>
              <Cell>
                <span className="font-medium">{policy.name}</span>
                {policy.description && <p className="text-xs text-zinc-500">{policy.description}</p>}
              </Cell>
              <Cell>{policy.server.name}</Cell>
              <Cell>{policy.publishedVersion ? <Badge tone="green">v{policy.publishedVersion.number}</Badge> : <Badge tone="amber">not published</Badge>}</Cell>
              <Cell>{policy.versionCount}</Cell>
              <Cell>{policy.grantCount}</Cell>
              <DateCell value={policy.updatedAt} />
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
