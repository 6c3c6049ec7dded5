import { listApprovals } from "@gatehouse/services";
import { Inbox } from "lucide-react";
import type { Metadata } from "next";
import { ApprovalStatusBadge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getServiceContext } from "@/server/context";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const { data: approvals } = await listApprovals(await getServiceContext());
  return (
    <>
      <PageHeader title="Approvals" description="Tool calls a policy held for a human decision, newest first. Each approval covers one exact call." />
      {approvals.length === 0 ? (
        <EmptyState icon={Inbox} title="No approval requests">
          When a policy rule requires approval, the held call appears here with who asked, which tool and which arguments.
        </EmptyState>
      ) : (
        <TableContainer>
          <Table aria-label="Approvals">
            <TableHeader>
              <TableRow>
                <TableHead>Requested</TableHead>
                <TableHead>Tool</TableHead>
                <TableHead>Identity</TableHead>
                <TableHead>Server</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Expires</TableHead>
                <TableHead>Decided</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {approvals.map((approval) => (
                <TableRow key={approval.id}>
                  <TableCell>
                    <DateTime value={approval.requestedAt} />
                  </TableCell>
                  <TableCell mono>{approval.toolName}</TableCell>
                  <TableCell mono>{approval.identityId}</TableCell>
                  <TableCell mono>{approval.serverId}</TableCell>
                  <TableCell>
                    <ApprovalStatusBadge status={approval.status} />
                  </TableCell>
                  <TableCell>
                    <DateTime value={approval.expiresAt} />
                  </TableCell>
                  <TableCell>
                    <DateTime value={approval.decidedAt} />
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
