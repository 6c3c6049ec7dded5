// Members and invitations of an organization (shared API.md: /members, /invitations). Request
// schemas type the dashboard's forms; responses are what rows are mapped to, field by field.
import { z } from "zod";
import { Role } from "../roles.ts";
import { Email } from "./auth.ts";
import { PageQuery, Timestamp } from "./api-common.ts";

export const MemberResponse = z
  .object({
    userId: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    role: Role,
    joinedAt: Timestamp,
  })
  .meta({ id: "Member" });
export type MemberResponse = z.infer<typeof MemberResponse>;

export const UserIdParam = z.object({ userId: z.string().min(1).max(100) });

export const UpdateMemberInput = z.object({ role: Role }).meta({ id: "UpdateMemberInput" });
export type UpdateMemberInput = z.input<typeof UpdateMemberInput>;

export const INVITATION_LIFETIME_DAYS = { default: 7, min: 1, max: 30 } as const;

export const CreateInvitationInput = z
  .object({
    email: Email,
    role: Role,
    expiresInDays: z.coerce
      .number()
      .int({ message: "Use a whole number of days." })
      .min(INVITATION_LIFETIME_DAYS.min, { message: `At least ${INVITATION_LIFETIME_DAYS.min} day.` })
      .max(INVITATION_LIFETIME_DAYS.max, { message: `At most ${INVITATION_LIFETIME_DAYS.max} days.` })
      .default(INVITATION_LIFETIME_DAYS.default),
  })
  .meta({ id: "CreateInvitationInput" });
export type CreateInvitationInput = z.input<typeof CreateInvitationInput>;

export const InvitationStatus = z.enum(["pending", "accepted", "revoked", "expired"]);
export type InvitationStatus = z.infer<typeof InvitationStatus>;

export const InvitationResponse = z
  .object({
    id: z.string(),
    email: z.string(),
    role: Role,
    status: InvitationStatus,
    invitedBy: z.string().nullable().meta({ description: "The inviting user's id (null when an API key invited)." }),
    createdAt: Timestamp,
    expiresAt: Timestamp,
    acceptedAt: Timestamp.nullable(),
    revokedAt: Timestamp.nullable(),
  })
  .meta({ id: "Invitation" });
export type InvitationResponse = z.infer<typeof InvitationResponse>;

export const CreatedInvitationResponse = InvitationResponse.extend({
  emailSent: z.boolean().meta({ description: "Whether the invitation email went out; when false, invite again later." }),
}).meta({ id: "CreatedInvitation" });
export type CreatedInvitationResponse = z.infer<typeof CreatedInvitationResponse>;

export const ListInvitationsQuery = PageQuery.extend({ status: InvitationStatus.optional() });
export type ListInvitationsQuery = z.input<typeof ListInvitationsQuery>;

/** What the invitation page shows to whoever holds the link. */
export type InvitationPreview = {
  orgId: string;
  orgName: string;
  email: string;
  role: Role;
  status: InvitationStatus;
  expiresAt: string;
  invitedBy: string | null;
};
