// The one place a browser session becomes a ServiceContext: who is signed in, which of their
// organizations is current (cookie, re-verified against memberships on every request), their role.
import { type ServiceContext, listMemberships } from "@gatehouse/services";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/auth";
import { env } from "@/env";
import { bundleAnnouncer } from "@/server/bundles";
import { db } from "@/server/db";
import { ORG_COOKIE } from "@/server/org-cookie";
import { requestId } from "@/server/request-id";

export type SignedInUser = { id: string; email: string; name: string | null };
export type Membership = Awaited<ReturnType<typeof listMemberships>>[number];

/** The signed-in user, or null. Cached per request. */
export const getSessionUser = cache(async (): Promise<SignedInUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  return { id, email: session.user?.email ?? "", name: session.user?.name ?? null };
});

export async function requireUser(): Promise<SignedInUser> {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  return user;
}

/** The user's organizations and the current one. Redirects when signed out or org-less. */
export const getOrgSelection = cache(async () => {
  const user = await requireUser();
  const memberships = await listMemberships({ db: db() }, user.id);
  const first = memberships[0];
  if (!first) redirect("/orgs/new");
  const wanted = (await cookies()).get(ORG_COOKIE)?.value;
  // A cookie naming an org the user does not belong to (forged, or membership removed) is ignored.
  const current = memberships.find((m) => m.orgId === wanted) ?? first;
  return { user, memberships, current };
});

export const getServiceContext = cache(async (): Promise<ServiceContext> => {
  const { user, current } = await getOrgSelection();
  return {
    db: db(),
    orgId: current.orgId,
    role: current.role,
    actor: { type: "user", userId: user.id, label: user.email || user.id },
    requestId: await requestId(),
    secrets: { encryptionKey: env().GATEHOUSE_ENCRYPTION_KEY },
    bundles: bundleAnnouncer(),
  };
});
