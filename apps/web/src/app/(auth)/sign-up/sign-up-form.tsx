"use client";
import { useActionState } from "react";
import { Field, FormError, type FormState, SubmitButton } from "@/components/form-controls";
import { signUp } from "./actions";

export function SignUpForm() {
  const [state, action] = useActionState(signUp, {} satisfies FormState);
  return (
    <form action={action} className="flex flex-col gap-3" aria-label="Create account">
      <FormError message={state.error} />
      <Field label="Name" name="name" autoComplete="name" required errors={state.fieldErrors?.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" required defaultValue={state.email} key={state.email} errors={state.fieldErrors?.email} />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required minLength={10} errors={state.fieldErrors?.password} />
      <SubmitButton>Create account</SubmitButton>
    </form>
  );
}
