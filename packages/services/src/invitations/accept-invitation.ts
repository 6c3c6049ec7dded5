// The invitation link's side. Deliberately crosses tenants — the token is what names the org, as
// an API key does — so these take a bare db and return only what the invitation page needs.
// Accepting requires being signed in as the invited address: the link alone is not enough.
import type { Db } from "@gatehouse/db";
import { AppError, type InvitationPreview, type Role, conflict, newId, notFound } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import { invitationTokenHash } from "./internal.ts";
import { invitationStatus, whereStatus } from "./present-invitation.ts";

type Deps = { db: Db; requestId: string };

/** What the link's page shows (org, role, for whom, still valid?), or null for an unknown token. */
export async function previewInvitation(deps: { db: Db }, token: string): Promise<InvitationPreview | null> {
  const hash = invitationTokenHash(token);
  if (!hash) return null;
  const row = await deps.db.invitation.findUnique({ where: { tokenHash: hash }, include: { org: { select: { id: true, name: true } } } });
  if (!row) return null;
  const inviter = row.invitedById ? await deps.db.user.findUnique({ where: { id: row.invitedById }, select: { email: true, name: true } }) : null;
  return {
    orgId: row.org.id,
    orgName: row.org.name,
    email: row.email,
    role: row.role,
    status: invitationStatus(row),
    expiresAt: row.expiresAt.toISOString(),
    invitedBy: inviter ? inviter.name || inviter.email : null,
  };
}

const REFUSALS = {
  accepted: "This invitation was already used.",
  revoked: "This invitation was withdrawn. Ask an admin of the organization for a new one.",
  expired: "This invitation has expired. Ask an admin of the organization for a new one.",
} as const;

/** Makes the signed-in user a member with the invited role. A member already keeps their role. */
export async function acceptInvitation(deps: Deps, input: { token: string; userId: string }): Promise<{ orgId: string; role: Role }> {
  const hash = invitationTokenHash(input.token);
  if (!hash) throw notFound("Invitation");
  return deps.db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({ where: { tokenHash: hash } });
    if (!invitation) throw notFound("Invitation");
    const status = invitationStatus(invitation);
    if (status !== "pending") throw conflict(REFUSALS[status]);
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true } });
    if (!user) throw new AppError("unauthorized", "Sign in to accept the invitation.");
    if (user.email.toLowerCase() !== invitation.email.toLowerCase()) {
      throw new AppError("forbidden", `This invitation is for ${invitation.email}. Sign in with that address to accept it.`);
    }
    // Conditional, so two tabs accepting at once use the invitation once.
    const claimed = await tx.invitation.updateMany({ where: { id: invitation.id, ...whereStatus("pending") }, data: { acceptedAt: new Date() } });
    if (claimed.count !== 1) throw conflict(REFUSALS.accepted);
    const existing = await tx.membership.findUnique({ where: { orgId_userId: { orgId: invitation.orgId, userId: user.id } } });
    const role = existing?.role ?? invitation.role;
    if (!existing) await tx.membership.create({ data: { id: newId("membership"), orgId: invitation.orgId, userId: user.id, role } });
    const ctx = { orgId: invitation.orgId, actor: { type: "user" as const, userId: user.id, label: user.email }, requestId: deps.requestId };
    await recordAudit(ctx, tx, { action: "invitation.accept", targetType: "invitation", targetId: invitation.id, data: { email: user.email, role } });
    return { orgId: invitation.orgId, role };
  });
}

/** Whether someone is expected somewhere: a first sign-in then makes no organization of its own. */
export async function hasPendingInvitation(deps: { db: Db }, email: string): Promise<boolean> {
  const row = await deps.db.invitation.findFirst({ where: { email: { equals: email, mode: "insensitive" }, ...whereStatus("pending") }, select: { id: true } });
  return row !== null;
}
