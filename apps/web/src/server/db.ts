// One Prisma client (and one pg pool) per server process. Kept on globalThis so that dev-mode
// module reloads reuse it instead of leaking a pool per edit.
import { type Db, createDb } from "@gatehouse/db";
import { env } from "@/env";

const holder = globalThis as typeof globalThis & { gatehouseDb?: Db };

export function db(): Db {
  holder.gatehouseDb ??= createDb(env().DATABASE_URL);
  return holder.gatehouseDb;
}
