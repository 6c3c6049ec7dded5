"use server";
// Sign-up: create the user and their organization (registerUser), then sign them in.
import { registerUser } from "@gatehouse/services";
import { AppError, SignUpInput } from "@gatehouse/shared";
import { AuthError } from "next-auth";
import { signIn } from "@/auth";
import { fieldErrorsFromIssues } from "@/lib/field-errors";
import { type FormState, keepValues } from "@/lib/form-state";
import { db } from "@/server/db";
import { requestId } from "@/server/request-id";

export async function signUp(_previous: FormState, form: FormData): Promise<FormState> {
  const parsed = SignUpInput.safeParse({ name: form.get("name"), email: form.get("email"), password: form.get("password") });
  const values = keepValues(form, ["name", "email"]);
  if (!parsed.success) return { fieldErrors: fieldErrorsFromIssues(parsed.error.issues), values };
  try {
    await registerUser({ db: db(), requestId: await requestId() }, parsed.data);
  } catch (error) {
    if (error instanceof AppError && error.code !== "internal") return { error: error.message, values };
    throw error;
  }
  try {
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirectTo: "/" });
  } catch (error) {
    if (error instanceof AuthError) return { error: "Your account was created, but signing in failed. Sign in to continue.", values };
    throw error;
  }
  return {};
}
