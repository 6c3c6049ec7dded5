export { createDb, isUniqueViolation, sqlPool, withTransaction } from "./client.ts";
export type { Db, DbOrTx, Tx } from "./client.ts";
export * from "./generated/enums.ts";
export type * from "./generated/models.ts";
export { Prisma } from "./generated/client.ts";
