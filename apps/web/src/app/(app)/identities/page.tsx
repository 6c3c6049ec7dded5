import { listIdentities } from "@gatehouse/services";
import type { Metadata } from "next";
import { Badge, Cell, DateCell, EmptyState, PageHeader, Table } from "@/components/page-parts";
import { getServiceContext } from "@/server/context";

export const metadata: Metadata = { title: "Identities" };

function labelsOf(value: unknown): [string, string][] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value).map(([key, text]) => [key, String(text)]);
}

export default async function IdentitiesPage() {
  const identities = await listIdentities(await getServiceContext());
  return (
    <>
      <PageHeader title="Identities" description="Agents, people and automations that call tools through the proxy. Each authenticates with its own token." />
      {identities.length === 0 ? (
        <EmptyState title="No identities yet">An identity holds the tokens an agent presents to the proxy and the grants that say which servers it may use.</EmptyState>
      ) : (
        <Table label="Identities" head={["Name", "Kind", "Labels", "Active tokens", "Grants", "Created"]}>
          {identities.map((identity) => (
            <tr key={identity.id}>
              <Cell>
                <span className="font-medium">{identity.name}</span>
                {identity.disabledAt && (
                  <span className="ml-2">
                    <Badge tone="red">disabled</Badge>
                  </span>
                )}
              </Cell>
              <Cell>
                <Badge tone="indigo">{identity.kind}</Badge>
              </Cell>
              <Cell>
                <div className="flex flex-wrap gap-1">
                  {labelsOf(identity.labels).map(([key, text]) => (
                    <Badge key={key}>
                      {key}={text}
                    </Badge>
                  ))}
                </div>
              </Cell>
              <Cell>{identity._count.tokens}</Cell>
              <Cell>{identity._count.grants}</Cell>
              <DateCell value={identity.createdAt} />
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
