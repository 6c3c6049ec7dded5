// The decision-log routes (API.md: /decision-logs, /stats, /export, /events, /settings): filters,
// the row as the API shows it, stats for charts, and the per-org retention setting.
import { z } from "zod";
import { DecisionOutcome } from "../decision-event.ts";
import { PageQuery, Timestamp } from "./api-common.ts";

const FilterId = z.string().trim().min(1).max(100);

/** Filters shared by the list, stats, export and live tail: each is an equality, plus a time range. */
export const DecisionLogFilter = z.object({
    serverId: FilterId.optional(),
    identityId: FilterId.optional(),
    tool: z.string().min(1).max(200).optional().meta({ description: "Exact tool name." }),
    outcome: DecisionOutcome.optional(),
    rule: z.string().min(1).max(200).optional().meta({ description: "Exact rule id that decided." }),
    requestId: FilterId.optional(),
    from: z.coerce.date().optional().meta({ description: "Inclusive lower bound (ISO-8601)." }),
    to: z.coerce.date().optional().meta({ description: "Exclusive upper bound (ISO-8601)." }),
});
export type DecisionLogFilter = z.infer<typeof DecisionLogFilter>;
export type DecisionLogFilterInput = z.input<typeof DecisionLogFilter>;

export const ListDecisionLogsQuery = PageQuery.extend(DecisionLogFilter.shape);
export type ListDecisionLogsQuery = z.input<typeof ListDecisionLogsQuery>;

export const DecisionLogResponse = z
  .object({
    id: z.string(),
    requestId: z.string(),
    createdAt: Timestamp,
    method: z.string(),
    toolName: z.string().nullable(),
    serverId: z.string().nullable(),
    identityId: z.string().nullable(),
    grantId: z.string().nullable(),
    tokenPrefix: z.string().nullable(),
    outcome: DecisionOutcome,
    shadowOutcome: DecisionOutcome.nullable(),
    rule: z.string().nullable(),
    message: z.string().nullable(),
    argKeys: z.array(z.string()).meta({ description: "Argument names; values are never stored." }),
    argsHash: z.string().nullable().meta({ description: "Hash of the canonical arguments (to match identical calls)." }),
    violationPaths: z
      .array(z.string())
      .meta({ description: "On an `(invalid arguments)` decision (enforced or shadow): the argument paths that did not validate against the tool's inputSchema. Never values." }),
    policyId: z.string().nullable(),
    policyVersionId: z.string().nullable(),
    bundleRevision: z.number().int().nullable(),
    approvalId: z.string().nullable(),
    upstreamStatus: z.number().int().nullable(),
    upstreamLatencyMs: z.number().nullable(),
    proxyLatencyMs: z.number().nullable(),
  })
  .meta({ id: "DecisionLog" });
export type DecisionLogResponse = z.infer<typeof DecisionLogResponse>;

export const StatsBucket = z.enum(["hour", "day"]);

export const DecisionLogStatsQuery = DecisionLogFilter.extend({ bucket: StatsBucket.default("hour") });
export type DecisionLogStatsQuery = z.input<typeof DecisionLogStatsQuery>;

const OutcomeCounts = z.record(DecisionOutcome, z.number().int()).meta({ description: "Count per outcome (outcomes with no rows are 0)." });
const Percentiles = z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() });

export const DecisionLogStatsResponse = z
  .object({
    from: Timestamp,
    to: Timestamp,
    bucket: StatsBucket,
    total: z.number().int(),
    totals: OutcomeCounts,
    buckets: z.array(z.object({ start: Timestamp, total: z.number().int(), counts: OutcomeCounts })),
    topTools: z.array(z.object({ tool: z.string(), total: z.number().int(), refused: z.number().int() })),
    topRefusingRules: z.array(z.object({ rule: z.string(), count: z.number().int() })),
    latencyMs: z.object({ proxy: Percentiles, upstream: Percentiles }),
  })
  .meta({ id: "DecisionLogStats" });
export type DecisionLogStatsResponse = z.infer<typeof DecisionLogStatsResponse>;

export const ExportFormat = z.enum(["csv", "ndjson"]);
export const ExportDecisionLogsQuery = DecisionLogFilter.extend({ format: ExportFormat.default("csv") });
export type ExportDecisionLogsQuery = z.input<typeof ExportDecisionLogsQuery>;

export const DecisionLogSettingsResponse = z
  .object({ retentionDays: z.number().int().meta({ description: "Decision logs older than this are deleted daily." }) })
  .meta({ id: "DecisionLogSettings" });
export type DecisionLogSettingsResponse = z.infer<typeof DecisionLogSettingsResponse>;

export const UpdateDecisionLogSettingsInput = z
  .object({ retentionDays: z.number().int().min(1, { message: "Keep logs at least 1 day." }).max(3650, { message: "At most 3650 days (10 years)." }) })
  .meta({ id: "UpdateDecisionLogSettingsInput" });
export type UpdateDecisionLogSettingsInput = z.input<typeof UpdateDecisionLogSettingsInput>;

/** Outcomes that refused the call (everything but allowed and a pending approval). */
export const REFUSED_OUTCOMES: readonly DecisionOutcome[] = ["denied", "rate_limited", "approval_denied", "approval_expired", "rejected"];

/** Does a row match the filters? The live tail applies the list's filters to rows as they arrive. */
export function matchesDecisionLogFilter(row: Pick<DecisionLogResponse, "serverId" | "identityId" | "toolName" | "outcome" | "rule" | "requestId" | "createdAt">, filter: DecisionLogFilter): boolean {
  if (filter.serverId !== undefined && row.serverId !== filter.serverId) return false;
  if (filter.identityId !== undefined && row.identityId !== filter.identityId) return false;
  if (filter.tool !== undefined && row.toolName !== filter.tool) return false;
  if (filter.outcome !== undefined && row.outcome !== filter.outcome) return false;
  if (filter.rule !== undefined && row.rule !== filter.rule) return false;
  if (filter.requestId !== undefined && row.requestId !== filter.requestId) return false;
  const at = new Date(row.createdAt).getTime();
  if (filter.from && at < filter.from.getTime()) return false;
  if (filter.to && at >= filter.to.getTime()) return false;
  return true;
}
