import { listAuditEvents } from "@gatehouse/services";
import { AuditEventFilters } from "@gatehouse/shared";
import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { getServiceContext } from "@/server/context";
import { AUDIT_FILTER_NAMES, type AuditFilterValues } from "./audit-filters";
import { AuditTrail } from "./audit-trail";

export const metadata: Metadata = { title: "Audit trail" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  // The filters live in the URL, so a filtered view can be bookmarked and shared.
  const filters: AuditFilterValues = {};
  for (const name of AUDIT_FILTER_NAMES) {
    const value = params[name];
    if (typeof value === "string" && value.trim() !== "") filters[name] = value.trim();
  }
  // Filters the API would refuse are left to the client, which shows the refusal at the field.
  const valid = AuditEventFilters.safeParse(filters).success;
  const first = valid ? await listAuditEvents(await getServiceContext(), { ...filters, limit: 50 }).catch(() => undefined) : undefined;
  return (
    <>
      <PageHeader title="Audit trail" description="Every change made in this organization through the dashboard or the API: who did what to which resource, newest first." />
      <AuditTrail initialFilters={filters} {...(first ? { initialPage: first } : {})} />
    </>
  );
}
