// What every verb that changes enforcement calls after its transaction commits: rebuild the org's
// bundle, then nudge proxies. Rebuild errors propagate (the caller must learn that enforcement
// may lag its change; any later rebuild converges, because a build always reads current state).
// Announce errors do not: the bundle is stored, and proxies' periodic conditional poll finds it.
import type { ServiceContext } from "../context.ts";
import { type RebuildResult, rebuildBundle } from "./rebuild-bundle.ts";

export async function refreshBundle(ctx: Pick<ServiceContext, "db" | "orgId" | "bundles">): Promise<RebuildResult> {
  const result = await rebuildBundle(ctx.db, ctx.orgId);
  // Announced even when unchanged: cheap, and it heals a nudge lost while Redis was away.
  // Proxies compare the revision with what they hold before fetching anything.
  await ctx.bundles?.announce({ orgId: ctx.orgId, revision: result.revision, contentHash: result.contentHash }).catch(() => {});
  return result;
}
