// The audit trail as CSV or NDJSON, any size: rows are read in keyset batches and yielded as text
// lines, so the caller can stream them without holding the trail in memory. Permission and
// filters are checked before the first line, so a refusal is still a proper 4xx.
import { type AuditEventResponse, type AuditExportFormat, ExportAuditEventsQuery } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { NEWEST_FIRST, afterCursor, type Cursor } from "../pagination.ts";
import { requirePermission } from "../require-permission.ts";
import { auditWhere, presentAuditEvent } from "./present-audit-event.ts";
import { csvCell } from "../csv.ts";

const BATCH = 500;

export const AUDIT_CSV_COLUMNS = ["id", "createdAt", "actorType", "actorId", "actorLabel", "action", "targetType", "targetId", "requestId", "summary"] as const;

export function exportAuditEvents(ctx: ServiceContext, input: ExportAuditEventsQuery): { format: AuditExportFormat; lines: AsyncGenerator<string> } {
  requirePermission(ctx, "read");
  const { format, ...filters } = ExportAuditEventsQuery.parse(input);
  const where = auditWhere(ctx.orgId, filters);
  async function* lines(): AsyncGenerator<string> {
    if (format === "csv") yield `${AUDIT_CSV_COLUMNS.join(",")}\r\n`;
    let cursor: Cursor | undefined;
    while (true) {
      const rows = await ctx.db.auditEvent.findMany({ where: { AND: [where, afterCursor(cursor)] }, orderBy: NEWEST_FIRST, take: BATCH });
      for (const row of rows) yield format === "csv" ? csvLine(presentAuditEvent(row)) : `${JSON.stringify(presentAuditEvent(row))}\n`;
      const last = rows[rows.length - 1];
      if (!last || rows.length < BATCH) return;
      cursor = { createdAt: last.createdAt, id: last.id };
    }
  }
  return { format, lines: lines() };
}

function csvLine(event: AuditEventResponse): string {
  const cells = AUDIT_CSV_COLUMNS.map((column) => {
    const value = event[column];
    return csvCell(value === null ? "" : typeof value === "string" ? value : JSON.stringify(value));
  });
  return `${cells.join(",")}\r\n`;
}

