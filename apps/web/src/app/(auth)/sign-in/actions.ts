"use server";
// Sign-in server actions: parse, hand to Auth.js, map its errors to a message for the form.
import { Email, SignInInput } from "@gatehouse/shared";
import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { signIn } from "@/auth";
import { type FormState, keepValues } from "@/lib/form-state";
import { redirectTarget } from "../redirect-target";

export async function signInWithPassword(_previous: FormState, form: FormData): Promise<FormState> {
  const email = String(form.get("email") ?? "");
  const parsed = SignInInput.safeParse({ email, password: form.get("password") });
  if (!parsed.success) return { error: "Enter your email and password.", values: { email } };
  try {
    // Throws Next's redirect on success, which must propagate.
    await signIn("credentials", { ...parsed.data, redirectTo: redirectTarget(form.get("callbackUrl")) });
  } catch (error) {
    if (error instanceof AuthError) {
      return { error: error.type === "CredentialsSignin" ? "Wrong email or password. If you just signed up, open the link we mailed you first." : "Sign-in failed. Try again.", values: { email } };
    }
    throw error;
  }
  return {};
}

export async function sendMagicLink(_previous: FormState, form: FormData): Promise<FormState> {
  const parsed = Email.safeParse(form.get("email"));
  if (!parsed.success) return { fieldErrors: { email: ["Enter a valid email address."] }, values: keepValues(form, ["email"]) };
  try {
    // No redirect from Auth.js: it would send the client router to /api/auth/verify-request, a
    // route handler the router cannot render. We go to the check-email page ourselves.
    await signIn("email", { email: parsed.data, redirectTo: redirectTarget(form.get("callbackUrl")), redirect: false });
  } catch (error) {
    if (error instanceof AuthError) {
      console.error("[auth] magic link failed", error);
      return { error: "We could not send the sign-in link. Try again.", values: keepValues(form, ["email"]) };
    }
    throw error;
  }
  redirect("/sign-in/check-email");
}

export async function signInWithOAuth(form: FormData): Promise<void> {
  const provider = form.get("provider");
  if (provider !== "github" && provider !== "google") return;
  await signIn(provider, { redirectTo: redirectTarget(form.get("callbackUrl")) });
}
