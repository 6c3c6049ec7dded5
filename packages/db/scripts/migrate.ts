// pnpm db:migrate | pnpm db:migration:create <name> | tsx scripts/migrate.ts status
import { applyMigrations, createMigration, migrationStatus } from "../src/migrate/index.ts";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is not set.");
  process.exit(1);
}
const [command, name] = process.argv.slice(2);

try {
  if (command === "apply") {
    const applied = await applyMigrations({ databaseUrl });
    console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Database is up to date.");
  } else if (command === "create") {
    if (!name) throw new Error("usage: migrate create <name>");
    const dir = await createMigration({ databaseUrl, name });
    console.log(dir ? `Wrote ${dir}` : "The schema has not changed since the last migration.");
  } else if (command === "status") {
    console.log(JSON.stringify(await migrationStatus({ databaseUrl }), null, 2));
  } else {
    throw new Error("usage: migrate apply | create <name> | status");
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
