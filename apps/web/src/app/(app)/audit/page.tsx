import { listAuditEvents } from "@gatehouse/services";
import type { Metadata } from "next";
import { Cell, DateCell, EmptyState, PageHeader, Table } from "@/components/page-parts";
import { getServiceContext } from "@/server/context";

export const metadata: Metadata = { title: "Audit trail" };

export default async function AuditPage() {
  const events = await listAuditEvents(await getServiceContext());
  return (
    <>
      <PageHeader title="Audit trail" description="Every change made in this organization through the dashboard or the API, newest first." />
      {events.length === 0 ? (
        <EmptyState title="No audit events">Changes to servers, identities, tokens, grants, policies and members are recorded here.</EmptyState>
      ) : (
        <Table label="Audit trail" head={["Time", "Actor", "Action", "Target", "Request"]}>
          {events.map((event) => (
            <tr key={event.id}>
              <DateCell value={event.createdAt} />
              <Cell>
                {event.actorLabel ?? "—"} <span className="text-xs text-zinc-500">({event.actorType})</span>
              </Cell>
              <Cell mono>{event.action}</Cell>
              <Cell mono>
                {event.targetType}
                {event.targetId ? ` ${event.targetId}` : ""}
              </Cell>
              <Cell mono>{event.requestId ?? "—"}</Cell>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
