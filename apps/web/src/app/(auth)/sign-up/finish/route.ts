// GET /sign-up/finish?password=…&next=… — where a sign-up confirmation link lands once Auth.js
// has signed the person in (which proved the address): store the password that sign-up sealed
// into the link (completeSignUp checks it belongs to this address and account), then go on.
import { completeSignUp } from "@gatehouse/services";
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { env } from "@/env";
import { getSessionUser } from "@/server/context";
import { db } from "@/server/db";
import { redirectTarget } from "../../redirect-target";

export async function GET(request: NextRequest): Promise<never> {
  const params = request.nextUrl.searchParams;
  const next = redirectTarget(params.get("next"));
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?${new URLSearchParams({ callbackUrl: next })}`);
  const pendingPassword = params.get("password");
  if (pendingPassword) {
    await completeSignUp({ db: db(), secrets: { encryptionKey: env().GATEHOUSE_ENCRYPTION_KEY } }, { userId: user.id, pendingPassword });
  }
  redirect(next);
}
