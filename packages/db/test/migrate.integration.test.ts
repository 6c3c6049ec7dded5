// Migrations apply to an empty database through the WASM schema engine, are recorded in
// `_prisma_migrations` as the Prisma CLI records them, and apply only once.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, migrationStatus } from "../src/migrate/index.ts";
import { testDatabaseUrl } from "../src/testing/index.ts";

const name = `gatehouse_migrate_${randomBytes(4).toString("hex")}`;
const adminUrl = new URL(testDatabaseUrl());
adminUrl.pathname = "/postgres";
const targetUrl = new URL(testDatabaseUrl());
targetUrl.pathname = `/${name}`;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: adminUrl.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(() => admin(`CREATE DATABASE "${name}"`));
afterAll(() => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

describe("applyMigrations", () => {
  it("builds the whole schema in an empty database, once", async () => {
    const applied = await applyMigrations({ databaseUrl: targetUrl.toString() });
    expect(applied.length).toBeGreaterThan(0);
    expect(await applyMigrations({ databaseUrl: targetUrl.toString() })).toEqual([]);

    const client = new pg.Client({ connectionString: targetUrl.toString() });
    await client.connect();
    try {
      const { rows } = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
      );
      const tables = rows.map((r) => r.table_name);
      for (const table of ["Organization", "User", "Account", "Session", "VerificationToken", "Membership", "ApiKey", "Server", "Tool",
        "Policy", "PolicyVersion", "Identity", "Token", "Grant", "ApprovalRequest", "DecisionLog", "AuditEvent", "WebhookEndpoint", "_prisma_migrations"]) {
        expect(tables).toContain(table);
      }
      const history = await client.query("SELECT migration_name, finished_at FROM _prisma_migrations");
      expect(history.rows.length).toBe(applied.length);
      expect(history.rows.every((r) => r.finished_at !== null)).toBe(true);

      // Indexes the dashboard filters on.
      const { rows: indexes } = await client.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'");
      const names = indexes.map((r) => r.indexname);
      expect(names).toContain("DecisionLog_orgId_createdAt_id_idx");
      expect(names).toContain("ApprovalRequest_orgId_status_requestedAt_idx");

      // Policy versions are immutable at the database level.
      await client.query(`INSERT INTO "Organization"(id, name, slug, "updatedAt") VALUES ('org_a', 'A', 'a', now())`);
      await client.query(`INSERT INTO "Server"(id, "orgId", name, "upstreamUrl", "updatedAt") VALUES ('srv_a', 'org_a', 's', 'http://x', now())`);
      await client.query(`INSERT INTO "Policy"(id, "orgId", "serverId", name, "updatedAt") VALUES ('pol_a', 'org_a', 'srv_a', 'p', now())`);
      await client.query(`INSERT INTO "PolicyVersion"(id, "orgId", "policyId", number, document) VALUES ('polv_a', 'org_a', 'pol_a', 1, '{}')`);
      await expect(client.query(`UPDATE "PolicyVersion" SET document = '{"a":1}' WHERE id = 'polv_a'`)).rejects.toThrow(/immutable/);
      await client.query(`UPDATE "PolicyVersion" SET status = 'published' WHERE id = 'polv_a'`);

      // A grant cannot point at another organization's server (compound foreign keys).
      await client.query(`INSERT INTO "Organization"(id, name, slug, "updatedAt") VALUES ('org_b', 'B', 'b', now())`);
      await client.query(`INSERT INTO "Identity"(id, "orgId", name, "updatedAt") VALUES ('idn_b', 'org_b', 'i', now())`);
      await expect(
        client.query(`INSERT INTO "Grant"(id, "orgId", "identityId", "serverId", "updatedAt") VALUES ('grt_x', 'org_b', 'idn_b', 'srv_a', now())`),
      ).rejects.toThrow(/foreign key/);
    } finally {
      await client.end();
    }

    const status = await migrationStatus({ databaseUrl: targetUrl.toString() });
    expect(status.failedMigrationNames).toEqual([]);
    expect(status.history).toBeNull();
  });
});
