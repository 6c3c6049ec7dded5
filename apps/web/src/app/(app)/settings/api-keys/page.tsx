import { listApiKeys } from "@gatehouse/services";
import { can } from "@gatehouse/shared";
import { Lock } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/states";
import { getServiceContext } from "@/server/context";
import { ApiKeysSection } from "./api-keys-section";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const ctx = await getServiceContext();
  if (!can(ctx.role, "org:manage")) {
    return (
      <EmptyState icon={Lock} title="Only admins manage API keys">
        API keys act for the whole organization with the role they carry. Ask an admin of this organization for one.
      </EmptyState>
    );
  }
  return <ApiKeysSection initialPage={await listApiKeys(ctx, { limit: 50 })} />;
}
