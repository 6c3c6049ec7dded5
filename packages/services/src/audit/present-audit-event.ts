// An AuditEvent row as the API shows it, and the `where` its filters select.
import type { AuditEventFilters, AuditEventResponse } from "@gatehouse/shared";

type AuditRow = {
  id: string;
  createdAt: Date;
  actorType: AuditEventResponse["actorType"];
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  data: unknown;
  requestId: string | null;
};

export function presentAuditEvent(row: AuditRow): AuditEventResponse {
  const summary = row.data !== null && typeof row.data === "object" && !Array.isArray(row.data) ? (row.data as Record<string, unknown>) : null;
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    actorType: row.actorType,
    actorId: row.actorId,
    actorLabel: row.actorLabel,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    summary,
    requestId: row.requestId,
  };
}

type ParsedFilters = { actor?: string | undefined; action?: string | undefined; targetType?: string | undefined; targetId?: string | undefined; from?: Date | undefined; to?: Date | undefined };

/** `actor` is an id or part of a label; `action` is one action or its family (`api_key` → `api_key.*`). */
export function auditWhere(orgId: string, filters: ParsedFilters) {
  const and: object[] = [{ orgId }];
  if (filters.actor) and.push({ OR: [{ actorId: filters.actor }, { actorLabel: { contains: filters.actor, mode: "insensitive" as const } }] });
  if (filters.action) and.push({ OR: [{ action: filters.action }, { action: { startsWith: `${filters.action}.` } }] });
  if (filters.targetType) and.push({ targetType: filters.targetType });
  if (filters.targetId) and.push({ targetId: filters.targetId });
  if (filters.from || filters.to) and.push({ createdAt: { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lt: filters.to } : {}) } });
  return { AND: and };
}

export type { AuditEventFilters };
