import { listGrants } from "@gatehouse/services";
import { KeyRound } from "lucide-react";
import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getServiceContext } from "@/server/context";

export const metadata: Metadata = { title: "Grants" };

export default async function GrantsPage() {
  const grants = (await listGrants(await getServiceContext(), { limit: 200 })).data;
  const now = new Date();
  return (
    <>
      <PageHeader title="Grants" description="Which identity may use which server, and under which policy. A grant without a policy denies every call." />
      {grants.length === 0 ? (
        <EmptyState icon={KeyRound} title="No grants yet">
          Until an identity holds a grant on a server, the proxy answers its calls to that server with 403.
        </EmptyState>
      ) : (
        <TableContainer>
          <Table aria-label="Grants">
            <TableHeader>
              <TableRow>
                <TableHead>Identity</TableHead>
                <TableHead>Server</TableHead>
                <TableHead>Policy</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Expires</TableHead>
                <TableHead>Created</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {grants.map((grant) => {
                const expired = grant.expiresAt !== null && new Date(grant.expiresAt) <= now;
                return (
                  <TableRow key={grant.id}>
                    <TableCell className="font-medium">{grant.identity.name}</TableCell>
                    <TableCell>{grant.server.name}</TableCell>
                    <TableCell>{grant.policy ? grant.policy.name : <span className="text-muted-foreground">None — denies every call</span>}</TableCell>
                    <TableCell>
                      {!grant.enabled ? <Badge tone="warning">Disabled</Badge> : expired ? <Badge tone="danger">Expired</Badge> : <Badge tone="success">Active</Badge>}
                    </TableCell>
                    <TableCell>
                      <DateTime value={grant.expiresAt} />
                    </TableCell>
                    <TableCell>
                      <DateTime value={grant.createdAt} />
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
