// /identities — agents, people and services that call tools through the proxy.
import { listIdentities } from "@gatehouse/services";
import { can } from "@gatehouse/shared";
import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { getServiceContext } from "@/server/context";
import { CreateIdentityDialog } from "./create-identity-dialog";
import { IdentitiesTable } from "./identities-table";

export const metadata: Metadata = { title: "Identities" };

export default async function IdentitiesPage() {
  const ctx = await getServiceContext();
  const firstPage = await listIdentities(ctx, { limit: 50 });
  const canCreate = can(ctx.role, "identities:write");
  return (
    <>
      <PageHeader
        title="Identities"
        description="Agents, people and services that call tools through the proxy. Each authenticates with its own token; its grants say which servers it may use."
        actions={canCreate ? <CreateIdentityDialog /> : undefined}
      />
      <IdentitiesTable initialPage={firstPage} createAction={canCreate ? <CreateIdentityDialog /> : undefined} />
    </>
  );
}
