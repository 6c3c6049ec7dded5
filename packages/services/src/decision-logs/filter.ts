// One filter, two query forms: a Prisma `where` for lists and exports, and a SQL fragment for the
// stats aggregates. Both always start with the caller's org (STYLE.md §2). Another org's ids in a
// filter simply match nothing: an empty page, never an error that would reveal they exist.
import { Prisma } from "@gatehouse/db";
import { type DecisionLogFilter, DecisionLogFilter as FilterSchema, type DecisionLogFilterInput, validationFailed } from "@gatehouse/shared";

export function parseDecisionLogFilter(input: DecisionLogFilterInput): DecisionLogFilter {
  const filter = FilterSchema.parse(input);
  if (filter.from && filter.to && filter.from.getTime() >= filter.to.getTime()) {
    throw validationFailed("The time range is empty.", [{ path: "to", message: "`to` must be after `from`." }]);
  }
  return filter;
}

export function decisionLogWhere(orgId: string, filter: DecisionLogFilter): Prisma.DecisionLogWhereInput {
  const createdAt: Prisma.DateTimeFilter = {};
  if (filter.from) createdAt.gte = filter.from;
  if (filter.to) createdAt.lt = filter.to;
  return {
    orgId,
    ...(filter.serverId !== undefined ? { serverId: filter.serverId } : {}),
    ...(filter.identityId !== undefined ? { identityId: filter.identityId } : {}),
    ...(filter.tool !== undefined ? { toolName: filter.tool } : {}),
    ...(filter.outcome !== undefined ? { outcome: filter.outcome } : {}),
    ...(filter.rule !== undefined ? { rule: filter.rule } : {}),
    ...(filter.requestId !== undefined ? { requestId: filter.requestId } : {}),
    ...(filter.from || filter.to ? { createdAt } : {}),
  };
}

/** The same filter as a SQL condition on "DecisionLog" (time range given separately, it is required there). */
export function decisionLogSqlWhere(orgId: string, filter: DecisionLogFilter, from: Date, to: Date): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`"orgId" = ${orgId}`, Prisma.sql`"createdAt" >= ${from}`, Prisma.sql`"createdAt" < ${to}`];
  if (filter.serverId !== undefined) parts.push(Prisma.sql`"serverId" = ${filter.serverId}`);
  if (filter.identityId !== undefined) parts.push(Prisma.sql`"identityId" = ${filter.identityId}`);
  if (filter.tool !== undefined) parts.push(Prisma.sql`"toolName" = ${filter.tool}`);
  if (filter.outcome !== undefined) parts.push(Prisma.sql`"outcome" = ${filter.outcome}::"DecisionOutcome"`);
  if (filter.rule !== undefined) parts.push(Prisma.sql`"rule" = ${filter.rule}`);
  if (filter.requestId !== undefined) parts.push(Prisma.sql`"requestId" = ${filter.requestId}`);
  return Prisma.join(parts, " AND ");
}
