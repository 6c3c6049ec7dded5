import { listAuditEvents } from "@gatehouse/services";
import { ScrollText } from "lucide-react";
import type { Metadata } from "next";
import { Badge, humanize } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getServiceContext } from "@/server/context";

export const metadata: Metadata = { title: "Audit trail" };

export default async function AuditPage() {
  const { data: events } = await listAuditEvents(await getServiceContext());
  return (
    <>
      <PageHeader title="Audit trail" description="Every change made in this organization through the dashboard or the API, newest first." />
      {events.length === 0 ? (
        <EmptyState icon={ScrollText} title="No audit events">
          Changes to servers, identities, tokens, grants, policies and members are recorded here.
        </EmptyState>
      ) : (
        <TableContainer>
          <Table aria-label="Audit trail">
            <TableHeader>
              <TableRow>
                <TableHead>Time</TableHead>
                <TableHead>Actor</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>Target</TableHead>
                <TableHead>Request</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {events.map((event) => (
                <TableRow key={event.id}>
                  <TableCell>
                    <DateTime value={event.createdAt} />
                  </TableCell>
                  <TableCell>
                    <span className="mr-1.5">{event.actorLabel ?? "—"}</span>
                    <Badge>{humanize(event.actorType)}</Badge>
                  </TableCell>
                  <TableCell mono>{event.action}</TableCell>
                  <TableCell mono>
                    {event.targetType}
                    {event.targetId ? ` ${event.targetId}` : ""}
                  </TableCell>
                  <TableCell mono>{event.requestId ?? "—"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </>
  );
}
