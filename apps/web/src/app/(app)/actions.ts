"use server";
import { cookies } from "next/headers";
import { signOut } from "@/auth";
import { ORG_COOKIE } from "@/server/org-cookie";

export async function signOutAction(): Promise<void> {
  // The next person on this browser should not start in this person's org (it would be ignored
  // anyway, as it is re-checked against memberships, but it is not theirs to inherit).
  (await cookies()).delete(ORG_COOKIE);
  await signOut({ redirectTo: "/sign-in" });
}
