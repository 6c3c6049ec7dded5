import { notFound } from "@gatehouse/shared";
import type { DbOrTx } from "@gatehouse/db";
import type { ServiceContext } from "./context.ts";
import { isInTransaction } from "./transaction.ts";

/** The transaction the context is in, else its client: loaders read through whichever is live. */
export function dbOf(ctx: ServiceContext): DbOrTx {
  return isInTransaction(ctx) ? ctx.tx : ctx.db;
}

/** `row` or a 404 naming `what`: loaders return rows of the caller's org only. */
export async function found<T>(row: Promise<T | null>, what: string): Promise<T> {
  const value = await row;
  if (value === null) throw notFound(what);
  return value;
}
