// node scripts/lib/ensure-database.mjs <database url> [fresh]
// Creates the database named in the URL if missing ("fresh": drops it first). Runs before
// Prisma exists in the checkout's state, so it uses plain node-postgres.
import pg from "pg";

const [url, fresh] = process.argv.slice(2);
const target = new URL(url);
const name = decodeURIComponent(target.pathname.slice(1));
if (!/^[A-Za-z0-9_-]+$/.test(name)) {
  console.error(`Refusing an unusual database name: ${name}`);
  process.exit(1);
}
const admin = new URL(url);
admin.pathname = "/postgres";
const client = new pg.Client({ connectionString: admin.toString() });
try {
  await client.connect();
  if (fresh === "fresh") await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
} catch (error) {
  console.error(`Postgres refused: ${error.message}`);
  process.exitCode = 1;
} finally {
  await client.end().catch(() => {});
}
