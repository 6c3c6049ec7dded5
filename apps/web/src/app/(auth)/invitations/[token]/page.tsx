// /invitations/<token> — the link in an invitation email. Shows which org invites whom with which
// role; joining takes being signed in as that address (by email link, password, or a new account).
import { previewInvitation } from "@gatehouse/services";
import { type InvitationStatus, ROLE_LABELS } from "@gatehouse/shared";
import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { getSessionUser } from "@/server/context";
import { db } from "@/server/db";
import { switchAccountAction } from "./actions";
import { AcceptInvitationForm, EmailLinkForm } from "./invitation-forms";

export const metadata: Metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

const UNUSABLE: Record<InvitationStatus, string> = {
  pending: "",
  accepted: "This invitation was already used.",
  revoked: "This invitation was withdrawn.",
  expired: "This invitation has expired.",
};

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await previewInvitation({ db: db() }, token);
  if (invitation?.status !== "pending") {
    return (
      <div className="flex flex-col gap-3" data-testid="invitation">
        <h1 className="text-lg font-semibold">Invitation not available</h1>
        <p className="text-sm text-muted-foreground">
          {invitation ? UNUSABLE[invitation.status] : "This invitation link is not valid."} Ask an admin of the organization to invite you again.
        </p>
        <Button variant="secondary" asChild>
          <Link href="/">Go to Gatehouse</Link>
        </Button>
      </div>
    );
  }

  const here = `/invitations/${token}`;
  const user = await getSessionUser();
  const role = ROLE_LABELS[invitation.role];
  return (
    <div className="flex flex-col gap-5" data-testid="invitation">
      <div>
        <h1 className="text-lg font-semibold">Join {invitation.orgName}</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          {invitation.invitedBy ? `${invitation.invitedBy} invited` : "You are invited:"} <strong className="text-foreground">{invitation.email}</strong> to join as{" "}
          <strong className="text-foreground">{role}</strong>. The invitation expires <DateTime value={invitation.expiresAt} />.
        </p>
      </div>
      {!user ? (
        <>
          <EmailLinkForm email={invitation.email} callbackUrl={here} />
          <p className="text-center text-sm text-muted-foreground">
            Have a password?{" "}
            <Link href={`/sign-in?callbackUrl=${encodeURIComponent(here)}`} className="font-medium text-primary hover:underline">
              Sign in as {invitation.email}
            </Link>
            . Rather use one?{" "}
            <Link href={`/sign-up?callbackUrl=${encodeURIComponent(here)}`} className="font-medium text-primary hover:underline">
              Create an account with a password
            </Link>
            .
          </p>
        </>
      ) : user.email.toLowerCase() === invitation.email.toLowerCase() ? (
        <AcceptInvitationForm token={token} orgName={invitation.orgName} />
      ) : (
        <form action={switchAccountAction} className="flex flex-col gap-3">
          <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            You are signed in as {user.email}. This invitation is for {invitation.email}: sign in with that address to accept it.
          </p>
          <input type="hidden" name="token" value={token} />
          <Button type="submit" variant="secondary">
            Sign out and switch account
          </Button>
        </form>
      )}
    </div>
  );
}
