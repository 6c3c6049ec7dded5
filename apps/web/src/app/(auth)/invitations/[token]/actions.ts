"use server";
// Accepting an invitation: the signed-in user must be the invited address (acceptInvitation checks);
// the org they joined becomes their current one.
import { acceptInvitation } from "@gatehouse/services";
import { AppError } from "@gatehouse/shared";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { signOut } from "@/auth";
import type { FormState } from "@/lib/form-state";
import { getSessionUser } from "@/server/context";
import { db } from "@/server/db";
import { ORG_COOKIE, orgCookieOptions } from "@/server/org-cookie";
import { requestId } from "@/server/request-id";

export async function acceptInvitationAction(_previous: FormState, form: FormData): Promise<FormState> {
  const token = String(form.get("token") ?? "");
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/invitations/${token}`)}`);
  let orgId: string;
  try {
    ({ orgId } = await acceptInvitation({ db: db(), requestId: await requestId() }, { token, userId: user.id }));
  } catch (error) {
    if (error instanceof AppError && error.code !== "internal") return { error: error.message };
    throw error;
  }
  (await cookies()).set(ORG_COOKIE, orgId, orgCookieOptions);
  redirect("/");
}

/** Signed in as someone else: sign out and come back to this invitation. */
export async function switchAccountAction(form: FormData): Promise<void> {
  const token = String(form.get("token") ?? "");
  (await cookies()).delete(ORG_COOKIE);
  await signOut({ redirectTo: `/sign-in?callbackUrl=${encodeURIComponent(`/invitations/${token}`)}` });
}
