// What every verb that changes enforcement calls after its change: rebuild the org's bundle, then
// nudge proxies. A committed change is never reported as failed because the rebuild failed: the
// error is logged and the rebuild retried in the background (any later rebuild converges too,
// since a build always reads current state). Inside a transaction the rebuild waits for the commit.
import { type ServiceContext, actorId } from "../context.ts";
import { afterCommit } from "../transaction.ts";
import { rebuildBundle } from "./rebuild-bundle.ts";

type RefreshContext = Pick<ServiceContext, "db" | "orgId" | "bundles" | "requestId" | "actor"> & Partial<ServiceContext>;

/** Backoff between background attempts after a failed rebuild. */
const RETRY_DELAYS_MS = [500, 2_000, 10_000, 30_000];

export async function refreshBundle(ctx: RefreshContext): Promise<void> {
  await afterCommit(ctx as ServiceContext, `bundle:${ctx.orgId}`, () => refreshNow(ctx, 0));
}

async function refreshNow(ctx: RefreshContext, attempt: number): Promise<void> {
  try {
    const result = await rebuildBundle(ctx.db, ctx.orgId);
    // Announced even when unchanged: cheap, and it heals a nudge lost while Redis was away.
    // Proxies compare the revision with what they hold before fetching anything.
    await ctx.bundles?.announce({ orgId: ctx.orgId, revision: result.revision, contentHash: result.contentHash }).catch(() => {});
  } catch (error) {
    const delay = RETRY_DELAYS_MS[attempt];
    console.error(
      JSON.stringify({
        level: "error",
        msg: "bundle rebuild failed",
        orgId: ctx.orgId,
        requestId: ctx.requestId,
        actor: actorId(ctx.actor),
        attempt: attempt + 1,
        retryInMs: delay ?? null,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    if (delay !== undefined) setTimeout(() => void refreshNow(ctx, attempt + 1), delay).unref();
  }
}
