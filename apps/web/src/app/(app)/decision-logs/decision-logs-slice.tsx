// A server's or an identity's own slice of the decision log, for their pages: the same view with
// that filter fixed (`<DecisionLogsSlice identityId={id} />`, `<DecisionLogsSlice serverId={id} />`).
import { listIdentities, listServers } from "@gatehouse/services";
import { Suspense } from "react";
import { LoadingState } from "@/components/ui/states";
import { getServiceContext } from "@/server/context";
import { DecisionLogsView } from "./decision-logs-view";

/** Lists may come as rows or as a `{ data }` page; the view only needs ids and names. */
export const rowsOf = <T,>(list: T[] | { data: T[] }): T[] => (Array.isArray(list) ? list : list.data);

export async function DecisionLogsSlice({ serverId, identityId }: { serverId?: string; identityId?: string }) {
  const ctx = await getServiceContext();
  const [servers, identities] = await Promise.all([listServers(ctx, { limit: 200 }), listIdentities(ctx, { limit: 200 })]);
  const fixed = { ...(serverId ? { serverId } : {}), ...(identityId ? { identityId } : {}) };
  return (
    <section aria-labelledby="decision-logs-slice" className="mt-8 flex flex-col gap-3">
      <h2 id="decision-logs-slice" className="text-lg font-semibold">
        Decision logs
      </h2>
      <Suspense fallback={<LoadingState label="Loading decision logs…" />}>
        <DecisionLogsView
          servers={rowsOf(servers).map((s) => ({ id: s.id, name: s.name }))}
          identities={rowsOf(identities).map((i) => ({ id: i.id, name: i.name }))}
          fixed={fixed}
        />
      </Suspense>
    </section>
  );
}
