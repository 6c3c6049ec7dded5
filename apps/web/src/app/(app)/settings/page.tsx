import { getOrgSettings } from "@gatehouse/services";
import { ROLE_LABELS } from "@gatehouse/shared";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getServiceContext } from "@/server/context";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const ctx = await getServiceContext();
  const org = await getOrgSettings(ctx);
  return (
    <>
      <PageHeader title="Settings" description="This organization and its members." />
      <Card className="mb-8">
        <CardHeader>
          <CardTitle>Organization</CardTitle>
          <CardDescription>The id is what the API and the proxy's bundles name this organization by.</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-1 gap-4 text-sm sm:grid-cols-2">
            <Fact term="Name">{org.name}</Fact>
            <Fact term="Slug" mono>
              {org.slug}
            </Fact>
            <Fact term="Organization id" mono>
              <span className="inline-flex items-center gap-1">
                <span data-testid="org-id">{org.id}</span>
                <CopyButton value={org.id} label="Copy organization id" toastMessage="Organization id copied" />
              </span>
            </Fact>
            <Fact term="Created">
              <DateTime value={org.createdAt} />
            </Fact>
            <Fact term="Your role">{ROLE_LABELS[ctx.role]}</Fact>
          </dl>
        </CardContent>
      </Card>
      <h2 className="mb-3 text-base font-semibold">Members</h2>
      <TableContainer>
        <Table aria-label="Members">
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Email</TableHead>
              <TableHead>Role</TableHead>
              <TableHead>Joined</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {org.memberships.map((member) => (
              <TableRow key={member.id}>
                <TableCell>{member.user.name ?? "—"}</TableCell>
                <TableCell>{member.user.email}</TableCell>
                <TableCell>
                  <Badge tone={member.role === "admin" ? "info" : "neutral"}>{ROLE_LABELS[member.role]}</Badge>
                </TableCell>
                <TableCell>
                  <DateTime value={member.createdAt} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </>
  );
}

function Fact({ term, children, mono = false }: { term: string; children: ReactNode; mono?: boolean }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs uppercase tracking-wide text-muted-foreground">{term}</dt>
      <dd className={mono ? "mt-0.5 font-mono text-xs break-all" : "mt-0.5"}>{children}</dd>
    </div>
  );
}
