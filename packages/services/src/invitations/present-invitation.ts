// An Invitation row as the API shows it: explicit fields, never the token's hash.
import type { InvitationResponse, InvitationStatus } from "@gatehouse/shared";

type InvitationRow = {
  id: string;
  email: string;
  role: InvitationResponse["role"];
  invitedById: string | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
};

export function invitationStatus(row: Pick<InvitationRow, "expiresAt" | "acceptedAt" | "revokedAt">, now = new Date()): InvitationStatus {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt.getTime() <= now.getTime() ? "expired" : "pending";
}

export function presentInvitation(row: InvitationRow): InvitationResponse {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: invitationStatus(row),
    invitedBy: row.invitedById,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** The `where` fragment for one status (the list's `?status=` filter). */
export function whereStatus(status: InvitationStatus | undefined, now = new Date()) {
  switch (status) {
    case undefined:
      return {};
    case "accepted":
      return { acceptedAt: { not: null } };
    case "revoked":
      return { acceptedAt: null, revokedAt: { not: null } };
    case "expired":
      return { acceptedAt: null, revokedAt: null, expiresAt: { lte: now } };
    case "pending":
      return { acceptedAt: null, revokedAt: null, expiresAt: { gt: now } };
  }
}
