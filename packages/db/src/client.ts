// The one way to get a Prisma client: Prisma 7's Rust-free client over node-postgres.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client.ts";

export type Db = InstanceType<typeof PrismaClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

const pools = new WeakMap<Db, pg.Pool>();

export function createDb(databaseUrl: string, options: { maxConnections?: number } = {}): Db {
  // The pool is made here rather than by the adapter so that sqlPool() can hand it out; Prisma
  // still owns it ($disconnect ends it).
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.maxConnections ?? 10 });
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/**
 * The node-postgres pool under a client from createDb, for the statements where Prisma's
 * raw-query path cost more than the work itself: decision ingestion's per-batch insert and token
 * last-use update (the worker's CPU per event halved without it). Everything else goes through Prisma.
 */
export function sqlPool(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error("sqlPool: this client was not made by createDb");
  return pool;
}

/** Runs `work` in one transaction; verbs that change state write their audit event inside it. */
export function withTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(work);
}

/** True for Prisma's unique-constraint violation (P2002): callers map it to a 409. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
