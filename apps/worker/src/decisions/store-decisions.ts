// Writes DecisionEvents into DecisionLog, one INSERT … SELECT FROM unnest(…) per batch. Idempotent
// on the decision id (ON CONFLICT (id) DO NOTHING), so an entry delivered twice — a crash between insert and ack, or a
// reclaim racing a slow consumer — is stored once.
//
// A failed batch insert means one of two things. If Postgres does not answer, it is an outage:
// the error propagates, nothing is acknowledged, and the caller retries the same batch later.
// If Postgres answers, a row in the batch is refused (an org deleted since, a value a column
// rejects): rows are then written one by one and the refused ones dropped, so one bad event
// cannot hold the stream hostage.
import { type Db, sqlPool } from "@gatehouse/db";
import type { DecisionEvent } from "@gatehouse/shared";

/** `unknownOrg`: events of orgs this database does not have (deleted since); `refused`: rows the database rejected. */
export type StoreResult = { inserted: number; duplicates: number; unknownOrg: number; refused: number; refusedCode?: string };

export async function storeDecisions(db: Db, events: DecisionEvent[]): Promise<StoreResult> {
  const unique = [...new Map(events.map((event) => [event.id, event])).values()];
  if (unique.length === 0) return { inserted: 0, duplicates: events.length, unknownOrg: 0, refused: 0 };
  const rows = unique.map(toRow);
  try {
    const { known, inserted } = await insertRows(db, rows);
    const unknownOrg = unique.length - known;
    return { inserted, duplicates: events.length - unknownOrg - inserted, unknownOrg, refused: 0 };
  } catch (error) {
    if (!(await isDatabaseUp(db))) throw error;
    const { inserted, unknownOrg, refused, refusedCode } = await storeOneByOne(db, rows);
    return { inserted, duplicates: events.length - unknownOrg - inserted - refused, unknownOrg, refused, refusedCode };
  }
}

async function storeOneByOne(db: Db, rows: Row[]): Promise<{ inserted: number; unknownOrg: number; refused: number; refusedCode?: string }> {
  let inserted = 0;
  let unknownOrg = 0;
  let refused = 0;
  let refusedCode: string | undefined;
  for (const row of rows) {
    try {
      const result = await insertRows(db, [row]);
      inserted += result.inserted;
      unknownOrg += 1 - result.known;
    } catch (error) {
      if (!(await isDatabaseUp(db))) throw error;
      refused += 1;
      // The code (a Postgres SQLSTATE or Prisma's P2xxx) says why without repeating the row's content.
      const code = (error as { code?: unknown; meta?: { code?: unknown } }).meta?.code ?? (error as { code?: unknown }).code;
      refusedCode = typeof code === "string" ? code : "unknown";
    }
  }
  return { inserted, unknownOrg, refused, refusedCode };
}

type Row = ReturnType<typeof toRow>;

// One statement per batch: every column travels as one typed array parameter and `unnest` turns
// them back into rows (Prisma's createMany sends one bind parameter per cell and was the batch's
// main cost). Events of orgs this database no longer has are filtered in the same statement (the
// foreign key would refuse them); `known` counts the rest. ON CONFLICT (id) DO NOTHING keeps a
// redelivered entry from being stored twice. `argKeys` and `violationPaths` (text[] per row) cannot be a column of a
// 2-D array parameter of uneven lengths, so each row's keys travel as a JSON array. `createdAt` is
// `timestamp(3)` holding UTC, so the ISO instants are read as timestamptz and converted to UTC,
// whatever the session time zone.
/** Exported for apps/worker/bench/profile-batch.ts, which times the same statement through Prisma. */
export const INSERT_SQL = `
WITH input AS (
  SELECT * FROM unnest(
    $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
    $10::text[], $11::text[], $12::text[], $13::text[], $14::int4[], $15::text[], $16::text[], $17::text[],
    $18::text[], $19::text[], $20::int4[], $21::float8[], $22::float8[], $23::text[], $24::text[]
  ) AS u(id, "orgId", "requestId", "serverId", "identityId", "grantId", "tokenPrefix", method, "toolName",
         "argKeys", "argsHash", "policyId", "policyVersionId", "bundleRevision", outcome, "shadowOutcome", rule,
         message, "approvalId", "upstreamStatus", "upstreamLatencyMs", "proxyLatencyMs", "createdAt", "violationPaths")
), known AS (
  SELECT input.* FROM input WHERE EXISTS (SELECT 1 FROM "Organization" o WHERE o.id = input."orgId")
), inserted AS (
  INSERT INTO "DecisionLog" (id, "orgId", "requestId", "serverId", "identityId", "grantId", "tokenPrefix", method,
    "toolName", "argKeys", "argsHash", "policyId", "policyVersionId", "bundleRevision", outcome, "shadowOutcome",
    rule, message, "approvalId", "upstreamStatus", "upstreamLatencyMs", "proxyLatencyMs", "createdAt", "violationPaths")
  SELECT id, "orgId", "requestId", "serverId", "identityId", "grantId", "tokenPrefix", method, "toolName",
    ARRAY(SELECT jsonb_array_elements_text("argKeys"::jsonb)), "argsHash", "policyId", "policyVersionId",
    "bundleRevision", outcome::"DecisionOutcome", "shadowOutcome"::"DecisionOutcome", rule, message, "approvalId",
    "upstreamStatus", "upstreamLatencyMs", "proxyLatencyMs", ("createdAt"::timestamptz AT TIME ZONE 'UTC'),
    ARRAY(SELECT jsonb_array_elements_text("violationPaths"::jsonb))
  FROM known
  ON CONFLICT (id) DO NOTHING
  RETURNING 1
)
SELECT (SELECT count(*) FROM known)::int AS known, (SELECT count(*) FROM inserted)::int AS inserted`;

async function insertRows(db: Db, rows: Row[]): Promise<{ known: number; inserted: number }> {
  const column = <K extends keyof Row>(key: K): Row[K][] => rows.map((row) => row[key]);
  // Deliberately across tenants: ingestion is a system process writing every org's events.
  // Straight to node-postgres: through Prisma's raw-query path a batch cost the worker about twice
  // the CPU per event (39 µs against 18 in apps/worker/bench/profile-batch.ts).
  const { rows: [result] } = await sqlPool(db).query<{ known: number; inserted: number }>(INSERT_SQL, [
    column("id"), column("orgId"), column("requestId"), column("serverId"), column("identityId"), column("grantId"),
    column("tokenPrefix"), column("method"), column("toolName"), column("argKeys"), column("argsHash"), column("policyId"),
    column("policyVersionId"), column("bundleRevision"), column("outcome"), column("shadowOutcome"), column("rule"),
    column("message"), column("approvalId"), column("upstreamStatus"), column("upstreamLatencyMs"), column("proxyLatencyMs"),
    column("createdAt"), column("violationPaths"),
  ]);
  return { known: Number(result?.known ?? 0), inserted: Number(result?.inserted ?? 0) };
}

async function isDatabaseUp(db: Db): Promise<boolean> {
  try {
    await db.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}

function toRow(event: DecisionEvent) {
  return {
    id: event.id,
    orgId: event.orgId,
    requestId: text(event.requestId),
    serverId: event.serverId,
    identityId: event.identityId,
    grantId: event.grantId,
    tokenPrefix: nullableText(event.tokenPrefix),
    method: text(event.method),
    toolName: nullableText(event.toolName),
    argKeys: JSON.stringify(event.argKeys.map(text)),
    argsHash: event.argsHash,
    policyId: event.policyId,
    policyVersionId: event.policyVersionId,
    bundleRevision: int32(event.bundleRevision),
    outcome: event.outcome,
    shadowOutcome: event.shadowOutcome,
    rule: nullableText(event.rule),
    message: nullableText(event.message),
    approvalId: event.approvalId,
    upstreamStatus: int32(event.upstreamStatus),
    upstreamLatencyMs: event.upstreamLatencyMs,
    proxyLatencyMs: event.proxyLatencyMs,
    createdAt: validDate(event.at).toISOString(),
    violationPaths: JSON.stringify((event.violationPaths ?? []).map(text)),
  };
}

// Tool names and argument keys come from the agent: Postgres text refuses NUL, so replace it
// rather than lose the row.
const text = (value: string): string => value.replaceAll("\u0000", "\uFFFD");
const nullableText = (value: string | null): string | null => (value === null ? null : text(value));
const int32 = (value: number | null): number | null => (value !== null && Math.abs(value) <= 2_147_483_647 ? value : null);

/** The proxy's arrival time; an unreadable one falls back to now rather than failing the row. */
function validDate(iso: string): Date {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? new Date() : date;
}
