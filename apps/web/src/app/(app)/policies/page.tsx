import { listPolicies, listServers } from "@gatehouse/services";
import { can } from "@gatehouse/shared";
import { ShieldCheck } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getServiceContext } from "@/server/context";
import { NewPolicyDialog } from "./new-policy-dialog";

export const metadata: Metadata = { title: "Policies" };

/** A list verb's rows, whether it answers an array or a `{ data }` page. */
function rowsOf<T>(value: T[] | { data: T[] }): T[] {
  return Array.isArray(value) ? value : value.data;
}

export default async function PoliciesPage() {
  const ctx = await getServiceContext();
  const { data: policies } = await listPolicies(ctx, { limit: 200 });
  const canWrite = can(ctx.role, "policies:write");
  const servers = canWrite ? rowsOf(await listServers(ctx, { limit: 200 })).map((s) => ({ id: s.id, name: s.name })) : [];
  return (
    <>
      <PageHeader
        title="Policies"
        description="Rules for one server's tools: allow, deny, hide, rate-limit or require approval. Versions are immutable; the published one is enforced."
        actions={canWrite ? <NewPolicyDialog servers={servers} /> : null}
      />
      {policies.length === 0 ? (
        <EmptyState icon={ShieldCheck} title="No policies yet">
          A policy belongs to one server and is attached to grants; its published version is what the proxy enforces.
        </EmptyState>
      ) : (
        <TableContainer>
          <Table stacked aria-label="Policies">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Server</TableHead>
                <TableHead>Published</TableHead>
                <TableHead>Versions</TableHead>
                <TableHead>Grants</TableHead>
                <TableHead>Updated</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {policies.map((policy) => (
                <TableRow key={policy.id}>
                  <TableCell stack="title" className="min-w-48">
                    <Link href={`/policies/${policy.id}`} className="font-medium text-primary hover:underline">
                      {policy.name}
                    </Link>
                    {policy.description && <p className="mt-0.5 text-xs text-muted-foreground">{policy.description}</p>}
                  </TableCell>
                  <TableCell label="Server">{policy.server.name}</TableCell>
                  <TableCell label="Published">
                    {policy.publishedVersion ? (
                      <span className="flex gap-1">
                        <Badge tone="success">v{policy.publishedVersion.number}</Badge>
                        {policy.publishedVersion.mode === "shadow" && <Badge tone="info">Shadow</Badge>}
                      </span>
                    ) : (
                      <Badge tone="warning">Not published</Badge>
                    )}
                  </TableCell>
                  <TableCell label="Versions">{policy.versionCount}</TableCell>
                  <TableCell label="Grants">{policy.grantCount}</TableCell>
                  <TableCell label="Updated">
                    <DateTime value={policy.updatedAt} />
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
