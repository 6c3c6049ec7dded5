"use client";
import { useActionState } from "react";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/form-state";
import { signUp } from "./actions";

export function SignUpForm() {
  const [state, action] = useActionState(signUp, {} satisfies FormState);
  return (
    <form action={action} className="flex flex-col gap-4" aria-label="Create account">
      <FormError message={state.error} />
      <FormField label="Name" error={state.fieldErrors?.name}>
        <Input name="name" autoComplete="name" required defaultValue={state.values?.name} />
      </FormField>
      <FormField label="Email" error={state.fieldErrors?.email}>
        <Input name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} />
      </FormField>
      <FormField label="Password" error={state.fieldErrors?.password}>
        <Input name="password" type="password" autoComplete="new-password" required minLength={10} />
      </FormField>
      <SubmitButton>Create account</SubmitButton>
    </form>
  );
}
