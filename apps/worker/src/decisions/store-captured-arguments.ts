// Captured tools/call arguments (servers with argument capture on) go to CapturedArguments, one
// INSERT … SELECT FROM unnest(…) per batch, after the batch's DecisionLog rows. The envelope is
// stored as the proxy sealed it: the worker never decrypts it and never logs it.
//
// The insert keeps only rows whose server exists in the event's org and still has capture on, so
// a proxy running an older bundle for a moment after capture was switched off stores nothing new.
// Idempotent on the decision id, like the decision log: a redelivered entry is stored once.
import type { Db } from "@gatehouse/db";
import type { DecisionEvent } from "@gatehouse/shared";

const INSERT_SQL = `
INSERT INTO "CapturedArguments" (id, "orgId", "serverId", "argsEnc", "createdAt")
SELECT u.id, u."orgId", u."serverId", u."argsEnc", (u."createdAt"::timestamptz AT TIME ZONE 'UTC')
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(id, "orgId", "serverId", "argsEnc", "createdAt")
WHERE EXISTS (SELECT 1 FROM "Server" s WHERE s.id = u."serverId" AND s."orgId" = u."orgId" AND s."captureArguments")
ON CONFLICT (id) DO NOTHING`;

const ENVELOPE = /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Returns how many rows were inserted. Throws like any query (the caller decides whether to retry). */
export async function storeCapturedArguments(db: Db, events: DecisionEvent[]): Promise<number> {
  const captured = new Map<string, DecisionEvent & { serverId: string; argsEnc: string }>();
  for (const event of events) {
    if (event.argsEnc === undefined || event.serverId === null || event.method !== "tools/call") continue;
    // Only what an envelope can be (base64url parts): nothing a text column could refuse, so a
    // failure here is an outage worth retrying, never a poison row.
    if (!ENVELOPE.test(event.argsEnc)) continue;
    captured.set(event.id, event as DecisionEvent & { serverId: string; argsEnc: string });
  }
  if (captured.size === 0) return 0;
  const rows = [...captured.values()];
  // Deliberately across tenants: ingestion is a system process writing every org's events.
  return db.$executeRawUnsafe(
    INSERT_SQL,
    rows.map((e) => e.id),
    rows.map((e) => e.orgId),
    rows.map((e) => e.serverId),
    rows.map((e) => e.argsEnc),
    rows.map((e) => validIso(e.at)),
  );
}

/** The same fallback as the decision log's `createdAt`: an unreadable arrival time becomes now. */
function validIso(iso: string): string {
  const date = new Date(iso);
  return (Number.isNaN(date.getTime()) ? new Date() : date).toISOString();
}

/** What the live tail publishes: the event without its encrypted arguments (pub/sub is not storage). */
export function withoutCapturedArguments(event: DecisionEvent): DecisionEvent {
  if (event.argsEnc === undefined) return event;
  const { argsEnc: _sealed, ...rest } = event;
  return rest;
}
