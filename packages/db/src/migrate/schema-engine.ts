// Drives Prisma's schema engine compiled to WebAssembly, through @prisma/adapter-pg.
//
// Why not `prisma migrate deploy`: the CLI downloads a native schema engine at first use, and
// these machines reach no host but the npm registry. The WASM engine ships inside an npm package
// and speaks the same protocol, writes the same `_prisma_migrations` table and reads the same
// `prisma/migrations/<stamp>_<name>/migration.sql` layout, so the ordinary CLI keeps working
// wherever it can fetch its engine. See docs/adr/0002-offline-migrations.md.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type * as Engine from "@prisma/schema-engine-wasm";

type EngineClass = typeof Engine.SchemaEngine;
let engineClass: Promise<EngineClass> | undefined;

async function loadEngineClass(): Promise<EngineClass> {
  // The package's own entry imports the .wasm as an ES module, which Node 20 cannot do;
  // instantiate the module by hand with the generated JS glue as its import object.
  const runtime = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as typeof Engine & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
  };
  const require = createRequire(import.meta.url);
  const wasmPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg").replace(/\.js$/, ".wasm");
  const module = new WebAssembly.Module(await readFile(wasmPath));
  const instance = new WebAssembly.Instance(module, {
    "./schema_engine_bg.js": runtime as unknown as WebAssembly.ModuleImports,
  });
  runtime.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return runtime.SchemaEngine;
}

export type SchemaEngine = Engine.SchemaEngine;

type AdapterInternals = { client: { query(sql: string): Promise<unknown> }; onError(error: unknown): never };

// adapter-pg runs a migration script by splitting it on every ";", which breaks any statement
// with a semicolon inside (a PL/pgSQL function body, a string, a comment). Postgres' simple
// query protocol accepts the whole script at once, as the native engine sends it.
class WholeScriptPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    const internals = adapter as unknown as AdapterInternals;
    adapter.executeScript = async (script: string) => {
      try {
        await internals.client.query(script);
      } catch (error) {
        internals.onError(error);
      }
    };
    return adapter;
  }
}

export async function openSchemaEngine(input: {
  databaseUrl: string;
  schemaPath: string;
  schema: string;
  log?: (line: string) => void;
}): Promise<{ engine: SchemaEngine; close(): Promise<void> }> {
  engineClass ??= loadEngineClass();
  const SchemaEngineClass = await engineClass;
  // Own the pool so close() can end it: an idle pool would keep the process alive for 10 s.
  const pool = new pg.Pool({ connectionString: input.databaseUrl, max: 2 });
  const factory = bindMigrationAwareSqlAdapterFactory(new WholeScriptPg(pool));
  const engine = await SchemaEngineClass.new(
    { datamodels: [[input.schemaPath, input.schema]] },
    (line: string) => input.log?.(line),
    factory,
  );
  return {
    engine,
    async close() {
      engine.free();
      await pool.end();
    },
  };
}
