import { listWebhooks } from "@gatehouse/services";
import { can } from "@gatehouse/shared";
import { Lock } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/states";
import { getServiceContext } from "@/server/context";
import { WebhooksSection } from "./webhooks-section";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const ctx = await getServiceContext();
  if (!can(ctx.role, "org:manage")) {
    return (
      <EmptyState icon={Lock} title="Only admins manage webhooks">
        Webhooks send approval events to your own systems, signed with a secret. Ask an admin of this organization.
      </EmptyState>
    );
  }
  return <WebhooksSection initialPage={await listWebhooks(ctx, { limit: 50 })} />;
}
