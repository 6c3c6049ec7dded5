// Writes DecisionEvents into DecisionLog. Idempotent on the decision id (`skipDuplicates` is
// ON CONFLICT DO NOTHING), so an entry delivered twice — a crash between insert and ack, or a
// reclaim racing a slow consumer — is stored once.
//
// A failed batch insert means one of two things. If Postgres does not answer, it is an outage:
// the error propagates, nothing is acknowledged, and the caller retries the same batch later.
// If Postgres answers, a row in the batch is refused (an org deleted since, a value a column
// rejects): rows are then written one by one and the refused ones dropped, so one bad event
// cannot hold the stream hostage.
import type { Db, Prisma } from "@gatehouse/db";
import type { DecisionEvent } from "@gatehouse/shared";

/** `unknownOrg`: events of orgs this database does not have (deleted since); `refused`: rows the database rejected. */
export type StoreResult = { inserted: number; duplicates: number; unknownOrg: number; refused: number; refusedCode?: string };

export async function storeDecisions(db: Db, events: DecisionEvent[]): Promise<StoreResult> {
  const unique = [...new Map(events.map((event) => [event.id, event])).values()];
  if (unique.length === 0) return { inserted: 0, duplicates: events.length, unknownOrg: 0, refused: 0 };
  // Events for orgs that no longer exist would fail the foreign key; drop them up front.
  const known = await knownOrgIds(db, unique);
  const rows = unique.filter((event) => known.has(event.orgId)).map(toRow);
  const unknownOrg = unique.length - rows.length;
  try {
    const { count } = await db.decisionLog.createMany({ data: rows, skipDuplicates: true });
    return { inserted: count, duplicates: events.length - unknownOrg - count, unknownOrg, refused: 0 };
  } catch (error) {
    if (!(await isDatabaseUp(db))) throw error;
    const { inserted, refused, refusedCode } = await storeOneByOne(db, rows);
    return { inserted, duplicates: events.length - unknownOrg - inserted - refused, unknownOrg, refused, refusedCode };
  }
}

async function storeOneByOne(db: Db, rows: Prisma.DecisionLogCreateManyInput[]): Promise<{ inserted: number; refused: number; refusedCode?: string }> {
  let inserted = 0;
  let refused = 0;
  let refusedCode: string | undefined;
  for (const row of rows) {
    try {
      inserted += (await db.decisionLog.createMany({ data: [row], skipDuplicates: true })).count;
    } catch (error) {
      if (!(await isDatabaseUp(db))) throw error;
      refused += 1;
      // The code (e.g. Prisma's P2xxx) says why without repeating the row's content.
      const code = (error as { code?: unknown }).code;
      refusedCode = typeof code === "string" ? code : "unknown";
    }
  }
  return { inserted, refused, refusedCode };
}

async function knownOrgIds(db: Db, events: DecisionEvent[]): Promise<Set<string>> {
  const ids = [...new Set(events.map((event) => event.orgId))];
  // Deliberately across tenants: ingestion is a system process writing every org's events.
  const rows = await db.organization.findMany({ where: { id: { in: ids } }, select: { id: true } });
  return new Set(rows.map((row) => row.id));
}

async function isDatabaseUp(db: Db): Promise<boolean> {
  try {
    await db.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}

function toRow(event: DecisionEvent): Prisma.DecisionLogCreateManyInput {
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
    argKeys: event.argKeys.map(text),
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
    createdAt: validDate(event.at),
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
