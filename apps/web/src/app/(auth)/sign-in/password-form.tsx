"use client";
import { useActionState } from "react";
import { Field, FormError, type FormState, SubmitButton } from "@/components/form-controls";
import { signInWithPassword } from "./actions";

export function PasswordForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState(signInWithPassword, {} satisfies FormState);
  return (
    <form action={action} className="flex flex-col gap-3" aria-label="Sign in with password">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormError message={state.error} />
      <Field label="Email" name="email" type="email" autoComplete="email" required defaultValue={state.email} key={state.email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <SubmitButton>Sign in</SubmitButton>
    </form>
  );
}
