// Prisma CLI configuration (Prisma 7 reads neither .env nor the datasource URL from the schema).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");

// `prisma generate` checks that a schema engine binary exists but never runs it; the engine
// cannot be downloaded on an offline machine, so point it at any existing file. Migrations
// run through the WASM schema engine instead (scripts/migrate.ts).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
process.env.CHECKPOINT_DISABLE ??= "1";

export default defineConfig({
  schema: path.join(root, "prisma/schema.prisma"),
  migrations: { path: path.join(root, "prisma/migrations") },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/gatehouse" },
});
