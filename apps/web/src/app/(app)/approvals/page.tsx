import { listApprovals } from "@gatehouse/services";
import type { Metadata } from "next";
import { Badge, Cell, DateCell, EmptyState, PageHeader, Table } from "@/components/page-parts";
import { getServiceContext } from "@/server/context";

export const metadata: Metadata = { title: "Approvals" };

const STATUS_TONE = { pending: "amber", approved: "green", consumed: "green", denied: "red", expired: "zinc", cancelled: "zinc" } as const;

export default async function ApprovalsPage() {
  const approvals = await listApprovals(await getServiceContext());
  return (
    <>
      <PageHeader title="Approvals" description="Tool calls a policy held for a human decision, newest first. Each approval covers one exact call." />
      {approvals.length === 0 ? (
        <EmptyState title="No approval requests">When a policy rule requires approval, the held call appears here with who asked, which tool and which arguments.</EmptyState>
      ) : (
        <Table label="Approvals" head={["Requested", "Tool", "Identity", "Server", "Status", "Expires", "Decided"]}>
          {approvals.map((approval) => (
            <tr key={approval.id}>
              <DateCell value={approval.requestedAt} />
              <Cell mono>{approval.toolName}</Cell>
              <Cell mono>{approval.identityId}</Cell>
              <Cell mono>{approval.serverId}</Cell>
              <Cell>
                <Badge tone={STATUS_TONE[approval.status]}>{approval.status}</Badge>
              </Cell>
              <DateCell value={approval.expiresAt} />
              <DateCell value={approval.decidedAt} />
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
