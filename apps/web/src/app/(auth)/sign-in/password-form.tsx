"use client";
import { useActionState } from "react";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/form-state";
import { signInWithPassword } from "./actions";

export function PasswordForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState(signInWithPassword, {} satisfies FormState);
  return (
    <form action={action} className="flex flex-col gap-4" aria-label="Sign in with password">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormError message={state.error} />
      <FormField label="Email">
        <Input name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} key={state.values?.email} />
      </FormField>
      <FormField label="Password">
        <Input name="password" type="password" autoComplete="current-password" required />
      </FormField>
      <SubmitButton>Sign in</SubmitButton>
    </form>
  );
}
