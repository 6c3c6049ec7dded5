// `pnpm db:seed`: seeds the demo and writes its facts to .gatehouse/demo.json for scripts.
// Reads the settings the start script exports (scripts/lib/env.sh).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDb } from "@gatehouse/db";
import { parseEncryptionKey } from "@gatehouse/services";
import { seedDemo } from "./seed/demo.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stateDir = path.join(root, ".gatehouse");
const demoFile = path.join(stateDir, "demo.json");

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (scripts/start.sh sets it).`);
  return value;
}

const webUrl = process.env.GATEHOUSE_WEB_URL ?? "http://localhost:3000";
const proxyUrl = process.env.GATEHOUSE_PUBLIC_PROXY_URL ?? "http://127.0.0.1:4000";
const previous = existsSync(demoFile) ? (JSON.parse(readFileSync(demoFile, "utf8")) as { token?: string; apiKey?: string }) : {};

const db = createDb(required("DATABASE_URL"), { maxConnections: 2 });
try {
  const adminEmail = process.env.GATEHOUSE_DEMO_ADMIN_EMAIL ?? "admin@demo.gatehouse.local";
  const adminPassword = required("GATEHOUSE_DEMO_ADMIN_PASSWORD");
  const result = await seedDemo({
    db,
    encryptionKey: parseEncryptionKey(required("GATEHOUSE_ENCRYPTION_KEY")),
    adminEmail,
    adminPassword,
    demoUpstreamUrl: process.env.GATEHOUSE_DEMO_UPSTREAM_URL ?? "http://127.0.0.1:4100/mcp",
    upstreamAuthHeader: { name: "X-Demo-Key", value: required("DEMO_UPSTREAM_AUTH_VALUE") },
    previousToken: previous.token,
    previousApiKey: previous.apiKey,
  });
  const facts = {
    dashboardUrl: webUrl,
    apiUrl: `${webUrl}/api/v1`,
    login: { email: adminEmail, password: adminPassword },
    orgId: result.orgId,
    serverId: result.serverId,
    proxyUrl: `${proxyUrl}/mcp/${result.serverId}`,
    identity: "demo-agent",
    token: result.token,
    // An admin API key of the demo org: `curl -H "Authorization: Bearer $apiKey" $apiUrl/me`.
    apiKey: result.apiKey,
  };
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(demoFile, `${JSON.stringify(facts, null, 2)}\n`, { mode: 0o600 });
  console.log(`Seeded the demo (org ${result.orgId}${result.tokenIsNew ? ", new demo token" : ""}).`);
} finally {
  await db.$disconnect();
}
