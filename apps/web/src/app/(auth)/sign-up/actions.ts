"use server";
// Sign-up: registerUser, then a mail to the address — the same answer whether or not it already
// has an account (register-user.ts says why): a confirmation link for a new account, a "you
// already have one" note with a sign-in link for an existing one. Either way the browser goes to
// the check-email page. The confirmation link lands on /sign-up/finish, which stores the password
// sealed into it (packages/services/src/auth/register-user.ts says why it waits until then). Nothing typed is lost on an error: name and email come back in the state,
// the password never leaves the browser again (the form keeps it in its own state).
import { registerUser } from "@gatehouse/services";
import { AppError, SignUpInput } from "@gatehouse/shared";
import { redirect } from "next/navigation";
import { signIn } from "@/auth";
import { fieldErrorsFromDetails, fieldErrorsFromIssues } from "@/lib/field-errors";
import { type FormState, keepValues } from "@/lib/form-state";
import { env } from "@/env";
import { db } from "@/server/db";
import { requestId } from "@/server/request-id";
import { redirectTarget } from "../redirect-target";

export async function signUp(_previous: FormState, form: FormData): Promise<FormState> {
  const parsed = SignUpInput.safeParse({ name: form.get("name"), email: form.get("email"), password: form.get("password") });
  const values = keepValues(form, ["name", "email"]);
  if (!parsed.success) return { fieldErrors: fieldErrorsFromIssues(parsed.error.issues), values };
  const rid = await requestId();
  try {
    const secrets = { encryptionKey: env().GATEHOUSE_ENCRYPTION_KEY };
    const { outcome, pendingPassword } = await registerUser({ db: db(), requestId: rid, secrets }, parsed.data);
    const next = redirectTarget(form.get("callbackUrl"));
    const redirectTo = pendingPassword ? `/sign-up/finish?${new URLSearchParams({ password: pendingPassword, next })}` : next;
    const purpose = outcome === "exists" ? "sign-up-exists" : "sign-up-confirm";
    // No redirect from Auth.js (see sign-in/actions.ts); the purpose words the mail.
    await signIn("email", { email: parsed.data.email, redirectTo, redirect: false }, { purpose });
  } catch (error) {
    if (error instanceof AppError && error.code === "validation_failed" && Array.isArray(error.details)) {
      return { fieldErrors: fieldErrorsFromDetails(error.details), values };
    }
    if (error instanceof AppError && error.code !== "internal") return { error: error.message, values };
    console.error(`[sign-up] failed (request ${rid})`, error);
    return { error: `Something went wrong on our side and no account was made. What you typed is kept: try again. (Request ${rid})`, values };
  }
  redirect("/sign-up/check-email");
}
