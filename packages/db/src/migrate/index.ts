// Migration verbs: apply pending migrations, create the next one from the schema, report status.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { lastSnapshot, readMigrationList, writeMigration } from "./migrations-dir.ts";
import { openSchemaEngine } from "./schema-engine.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
export const prismaDir = path.resolve(here, "../../../../prisma");
const noFilters = { externalTables: [], externalEnums: [] };

type Options = { databaseUrl: string; prismaDirectory?: string; log?: (line: string) => void };

async function withEngine<T>(opts: Options, run: (e: Awaited<ReturnType<typeof openSchemaEngine>>["engine"], dir: string, schema: string) => Promise<T>): Promise<T> {
  const dir = opts.prismaDirectory ?? prismaDir;
  const schemaPath = path.join(dir, "schema.prisma");
  const schema = await readFile(schemaPath, "utf8");
  const { engine, close } = await openSchemaEngine({ databaseUrl: opts.databaseUrl, schemaPath, schema, log: opts.log });
  try {
    return await run(engine, dir, schema);
  } finally {
    await close();
  }
}

/** Applies every migration not yet recorded in `_prisma_migrations`; returns their names. */
export async function applyMigrations(opts: Options): Promise<string[]> {
  return withEngine(opts, async (engine, dir) => {
    const migrationsList = await readMigrationList(path.join(dir, "migrations"));
    const out = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return out.appliedMigrationNames;
  });
}

/** Writes the next migration (schema of the last migration → current schema); null when nothing changed. */
export async function createMigration(opts: Options & { name: string }): Promise<string | null> {
  return withEngine(opts, async (engine, dir, schema) => {
    const migrationsDir = path.join(dir, "migrations");
    const previous = await lastSnapshot(migrationsDir);
    const from = previous === null
      ? { tag: "empty" as const }
      : { tag: "schemaDatamodel" as const, files: [{ path: "previous.prisma", content: previous }] };
    const result = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
      script: true,
      exitCode: true,
      filters: noFilters,
    });
    // exitCode 2 means "the diff is non-empty".
    if (result.exitCode !== 2 || !result.stdout) return null;
    return writeMigration(migrationsDir, opts.name, result.stdout, schema);
  });
}

export async function migrationStatus(opts: Options) {
  return withEngine(opts, async (engine, dir) => {
    const migrationsList = await readMigrationList(path.join(dir, "migrations"));
    return engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: noFilters });
  });
}
