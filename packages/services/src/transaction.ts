// Verbs compose: a verb called inside another verb's transaction joins it instead of opening its
// own (idea from openstatus' `withTransaction`). Work that must only happen once the outermost
// transaction has committed — rebuilding the enforcement bundle — is queued on the context and
// run after the commit, once per kind.
import type { Tx } from "@gatehouse/db";
import type { ServiceContext } from "./context.ts";

export type AfterCommit = Map<string, () => Promise<unknown>>;

/** A context whose verbs run inside an open transaction. */
export type TxContext = ServiceContext & { tx: Tx; afterCommit: AfterCommit };

export function isInTransaction(ctx: ServiceContext): ctx is TxContext {
  return (ctx as Partial<TxContext>).tx !== undefined;
}

/**
 * Runs `work` in a transaction: the caller's, when `ctx` already is inside one, else a new one.
 * `afterCommit` hooks queued by the work run once the outermost transaction commits (never when it
 * rolls back).
 */
export async function transact<T>(ctx: ServiceContext, work: (tx: Tx, ctx: TxContext) => Promise<T>): Promise<T> {
  if (isInTransaction(ctx)) return work(ctx.tx, ctx);
  const afterCommit: AfterCommit = new Map();
  const result = await ctx.db.$transaction((tx) => work(tx, { ...ctx, tx, afterCommit }));
  for (const hook of afterCommit.values()) await hook();
  return result;
}

/** Queue `hook` (once per key) after the current transaction, or run it now when there is none. */
export async function afterCommit(ctx: ServiceContext, key: string, hook: () => Promise<unknown>): Promise<void> {
  if (isInTransaction(ctx)) {
    if (!ctx.afterCommit.has(key)) ctx.afterCommit.set(key, hook);
    return;
  }
  await hook();
}
