// /grants — every identity × server grant of the organization, filterable by identity and server,
// with add, change and remove for admins and policy managers.
import { listGrantTargets, listGrants } from "@gatehouse/services";
import { can } from "@gatehouse/shared";
import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { getServiceContext } from "@/server/context";
import { GrantsTable } from "./grants-table";

export const metadata: Metadata = { title: "Grants" };

export default async function GrantsPage() {
  const ctx = await getServiceContext();
  const [firstPage, targets] = await Promise.all([listGrants(ctx, { limit: 50 }), listGrantTargets(ctx)]);
  return (
    <>
      <PageHeader title="Grants" description="Which identity may use which server, and under which policy. A grant without a policy denies every call." />
      <GrantsTable initialPage={firstPage} targets={targets} canEdit={can(ctx.role, "grants:write")} />
    </>
  );
}
