// Policy and PolicyVersion rows as the API shows them: explicit fields, never spread.
import type { PolicyResponse, PolicyVersionResponse, PolicyVersionSummary } from "@gatehouse/shared";

export type VersionRow = {
  id: string;
  policyId: string;
  number: number;
  status: PolicyVersionSummary["status"];
  document: unknown;
  message: string | null;
  authorId: string | null;
  createdAt: Date;
  publishedAt: Date | null;
};

/** Enough columns to summarize a version without shipping its document. */
export const VERSION_SUMMARY_SELECT = {
  id: true,
  policyId: true,
  number: true,
  status: true,
  document: true,
  message: true,
  authorId: true,
  createdAt: true,
  publishedAt: true,
} as const;

export function modeOf(document: unknown): "enforce" | "shadow" {
  return typeof document === "object" && document !== null && (document as { mode?: unknown }).mode === "shadow" ? "shadow" : "enforce";
}

export function presentVersionSummary(row: VersionRow): PolicyVersionSummary {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    mode: modeOf(row.document),
    note: row.message,
    authorId: row.authorId,
    createdAt: row.createdAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

export function presentVersion(row: VersionRow): PolicyVersionResponse {
  return { ...presentVersionSummary(row), policyId: row.policyId, document: row.document };
}

export type PolicyRow = {
  id: string;
  name: string;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
  server: { id: string; name: string };
  _count: { versions: number; grants: number };
};

export function presentPolicy(row: PolicyRow, published: VersionRow | null, latest: VersionRow | null): PolicyResponse {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    server: { id: row.server.id, name: row.server.name },
    publishedVersion: published ? presentVersionSummary(published) : null,
    latestVersion: latest ? presentVersionSummary(latest) : null,
    versionCount: row._count.versions,
    grantCount: row._count.grants,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
