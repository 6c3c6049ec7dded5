import { listInvitations, listMembers } from "@gatehouse/services";
import { can } from "@gatehouse/shared";
import type { Metadata } from "next";
import { getServiceContext } from "@/server/context";
import { InvitationsSection } from "./invitations-section";
import { MembersTable } from "./members-table";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const ctx = await getServiceContext();
  const canManage = can(ctx.role, "members:manage");
  const [members, invitations] = await Promise.all([
    listMembers(ctx, { limit: 50 }),
    canManage ? listInvitations(ctx, { limit: 50, status: "pending" }) : Promise.resolve(null),
  ]);
  const currentUserId = ctx.actor.type === "user" ? ctx.actor.userId : "";
  return (
    <div className="flex flex-col gap-10">
      <section aria-labelledby="members-heading" className="flex flex-col gap-3">
        <div>
          <h2 id="members-heading" className="text-base font-semibold">
            Members
          </h2>
          <p className="text-sm text-muted-foreground">
            {canManage ? "Change what each person may do, or remove them. The organization always keeps at least one admin." : "Only admins can change roles or remove members."}
          </p>
        </div>
        <MembersTable initialPage={members} canManage={canManage} currentUserId={currentUserId} />
      </section>
      {invitations && <InvitationsSection initialPage={invitations} />}
    </div>
  );
}
