// The approval inbox: pending requests live (Server-Sent Events), each with who, which server and
// tool, the arguments, the rule and a countdown; approve or deny with a reason; the history with
// filters. The first pages are loaded here and handed to the client as initial data.
import { listApprovals, mayDecide } from "@gatehouse/services";
import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { getServiceContext } from "@/server/context";
import { ApprovalsInbox } from "./approvals-inbox";

export const metadata: Metadata = { title: "Approvals" };
export const dynamic = "force-dynamic";

export default async function ApprovalsPage() {
  const ctx = await getServiceContext();
  const pending = await listApprovals(ctx, { status: "pending", limit: 100 });
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Tool calls a policy held for a human decision. Each approval covers one exact call: the identical call, retried after approval, runs once."
      />
      <ApprovalsInbox initialPending={pending} mayDecideByDefault={mayDecide(ctx.role, [])} />
    </>
  );
}
