// An Identity row as the API shows it: explicit fields, counts, and the last time any of its
// tokens was used (the worker aggregates that from decision events; see record-token-use).
import type { IdentityResponse } from "@gatehouse/shared";

export type IdentityRow = {
  id: string;
  name: string;
  kind: IdentityResponse["kind"];
  description: string | null;
  labels: unknown;
  disabledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  _count: { tokens: number; grants: number };
};

/** What `_count` must select so the row fits presentIdentity (live tokens only). */
export const identityCounts = (now: Date) => ({
  select: {
    tokens: { where: { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }], AND: [{ OR: [{ graceUntil: null }, { graceUntil: { gt: now } }] }] } },
    grants: true,
  },
});

export function presentIdentity(row: IdentityRow, lastUsedAt: Date | null): IdentityResponse {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    description: row.description,
    labels: stringLabels(row.labels),
    disabledAt: row.disabledAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastUsedAt: lastUsedAt?.toISOString() ?? null,
    activeTokenCount: row._count.tokens,
    grantCount: row._count.grants,
  };
}

function stringLabels(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
