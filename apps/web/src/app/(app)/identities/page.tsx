import { listIdentities } from "@gatehouse/services";
import { Users } from "lucide-react";
import type { Metadata } from "next";
import { Badge, humanize } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getServiceContext } from "@/server/context";

export const metadata: Metadata = { title: "Identities" };

function labelsOf(value: unknown): [string, string][] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value).map(([key, text]) => [key, String(text)]);
}

export default async function IdentitiesPage() {
  const identities = (await listIdentities(await getServiceContext(), { limit: 200 })).data;
  return (
    <>
      <PageHeader title="Identities" description="Agents, people and automations that call tools through the proxy. Each authenticates with its own token." />
      {identities.length === 0 ? (
        <EmptyState icon={Users} title="No identities yet">
          An identity holds the tokens an agent presents to the proxy and the grants that say which servers it may use.
        </EmptyState>
      ) : (
        <TableContainer>
          <Table aria-label="Identities">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Kind</TableHead>
                <TableHead>Labels</TableHead>
                <TableHead>Active tokens</TableHead>
                <TableHead>Grants</TableHead>
                <TableHead>Created</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {identities.map((identity) => (
                <TableRow key={identity.id}>
                  <TableCell>
                    <span className="font-medium">{identity.name}</span>
                    {identity.disabledAt && (
                      <Badge tone="danger" className="ml-2">
                        Disabled
                      </Badge>
                    )}
                  </TableCell>
                  <TableCell>
                    <Badge tone="info">{humanize(identity.kind)}</Badge>
                  </TableCell>
                  <TableCell>
                    <div className="flex flex-wrap gap-1">
                      {labelsOf(identity.labels).map(([key, text]) => (
                        <Badge key={key} className="font-mono">
                          {key}={text}
                        </Badge>
                      ))}
                    </div>
                  </TableCell>
                  <TableCell>{identity.activeTokenCount}</TableCell>
                  <TableCell>{identity.grantCount}</TableCell>
                  <TableCell>
                    <DateTime value={identity.createdAt} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </>
  );
}
