import { listAuditEvents } from "@gatehouse/services";
import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { getServiceContext } from "@/server/context";
import { AuditTrail } from "./audit-trail";

export const metadata: Metadata = { title: "Audit trail" };

export default async function AuditPage() {
  const first = await listAuditEvents(await getServiceContext(), { limit: 50 });
  return (
    <>
      <PageHeader title="Audit trail" description="Every change made in this organization through the dashboard or the API: who did what to which resource, newest first." />
      <AuditTrail initialPage={first} />
    </>
  );
}
