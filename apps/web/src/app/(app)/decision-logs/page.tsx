import { getDecisionLogSettings, listIdentities, listServers } from "@gatehouse/services";
import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { LoadingState } from "@/components/ui/states";
import { getServiceContext } from "@/server/context";
import { DecisionLogsView } from "./decision-logs-view";
import { rowsOf } from "./decision-logs-slice";
import { RetentionSetting } from "./retention-setting";

export const metadata: Metadata = { title: "Decision logs" };

export default async function DecisionLogsPage() {
  const ctx = await getServiceContext();
  const [servers, identities, settings] = await Promise.all([listServers(ctx, { limit: 200 }), listIdentities(ctx, { limit: 200 }), getDecisionLogSettings(ctx)]);
  return (
    <>
      <PageHeader
        title="Decision logs"
        description="One row per request the proxy handled, newest first. Argument values are never stored, only their keys and a hash."
        actions={<RetentionSetting retentionDays={settings.retentionDays} canChange={ctx.role === "admin"} />}
      />
      <Suspense fallback={<LoadingState label="Loading decision logs…" />}>
        <DecisionLogsView servers={rowsOf(servers).map((s) => ({ id: s.id, name: s.name }))} identities={rowsOf(identities).map((i) => ({ id: i.id, name: i.name }))} />
      </Suspense>
    </>
  );
}
