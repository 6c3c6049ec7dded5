"use server";
// "New organization": create it with the user as admin, then make it the current org.
import { createOrg } from "@gatehouse/services";
import { OrgName } from "@gatehouse/shared";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { type FormState, keepValues } from "@/lib/form-state";
import { requireUser } from "@/server/context";
import { db } from "@/server/db";
import { ORG_COOKIE, orgCookieOptions } from "@/server/org-cookie";
import { requestId } from "@/server/request-id";

export async function createOrganization(_previous: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  const name = OrgName.safeParse(form.get("name"));
  if (!name.success) return { fieldErrors: { name: name.error.issues.map((issue) => issue.message) }, values: keepValues(form, ["name"]) };
  const org = await createOrg({ db: db(), requestId: await requestId() }, { userId: user.id, userLabel: user.email || user.id, name: name.data });
  (await cookies()).set(ORG_COOKIE, org.id, orgCookieOptions);
  redirect("/servers");
}
