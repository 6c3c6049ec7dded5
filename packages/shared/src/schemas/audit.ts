// The admin audit trail (shared API.md: /audit-events): filters, one event as the API shows it,
// and the export formats.
import { z } from "zod";
import { PageQuery, Timestamp } from "./api-common.ts";

const FilterText = z.string().trim().min(1).max(200);

/** Filters shared by the list and the export. `from` is inclusive, `to` exclusive. */
export const AuditEventFilters = z.object({
  actor: FilterText.optional().meta({ description: "An actor's id (user or API key), or part of its label (an email, a key's name)." }),
  action: FilterText.optional().meta({ description: "An action (`api_key.create`) or its family (`api_key`)." }),
  targetType: FilterText.optional(),
  targetId: FilterText.optional(),
  from: z.coerce.date({ message: "Use an ISO-8601 time." }).optional(),
  to: z.coerce.date({ message: "Use an ISO-8601 time." }).optional(),
});
export type AuditEventFilters = z.input<typeof AuditEventFilters>;

export const ListAuditEventsQuery = PageQuery.extend(AuditEventFilters.shape).refine((q) => !q.from || !q.to || q.from < q.to, {
  message: "`from` must be before `to`.",
  path: ["to"],
});
export type ListAuditEventsQuery = z.input<typeof ListAuditEventsQuery>;

export const AuditExportFormat = z.enum(["csv", "ndjson"]);
export type AuditExportFormat = z.infer<typeof AuditExportFormat>;

export const ExportAuditEventsQuery = AuditEventFilters.extend({ format: AuditExportFormat.default("csv") }).refine(
  (q) => !q.from || !q.to || q.from < q.to,
  { message: "`from` must be before `to`.", path: ["to"] },
);
export type ExportAuditEventsQuery = z.input<typeof ExportAuditEventsQuery>;

export const AuditEventResponse = z
  .object({
    id: z.string(),
    createdAt: Timestamp,
    actorType: z.enum(["user", "api_key", "system"]),
    actorId: z.string().nullable(),
    actorLabel: z.string().nullable(),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string().nullable(),
    summary: z.record(z.string(), z.unknown()).nullable().meta({ description: "What changed, without secrets." }),
    requestId: z.string().nullable(),
  })
  .meta({ id: "AuditEvent" });
export type AuditEventResponse = z.infer<typeof AuditEventResponse>;
