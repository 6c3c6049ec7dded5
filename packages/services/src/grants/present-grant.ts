// A Grant as the API shows it, with the names of what it joins.
import type { GrantResponse } from "@gatehouse/shared";

export const grantSelect = {
  id: true,
  enabled: true,
  expiresAt: true,
  createdAt: true,
  updatedAt: true,
  identity: { select: { id: true, name: true } },
  server: { select: { id: true, name: true } },
  policy: { select: { id: true, name: true } },
} as const;

type GrantRow = {
  id: string;
  enabled: boolean;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  identity: { id: string; name: string };
  server: { id: string; name: string };
  policy: { id: string; name: string } | null;
};

export function presentGrant(row: GrantRow): GrantResponse {
  return {
    id: row.id,
    identity: { id: row.identity.id, name: row.identity.name },
    server: { id: row.server.id, name: row.server.name },
    policy: row.policy ? { id: row.policy.id, name: row.policy.name } : null,
    enabled: row.enabled,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
