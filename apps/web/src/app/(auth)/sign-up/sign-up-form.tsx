"use client";
// The fields are controlled: React resets a form after its server action runs, and what a person
// typed must survive an error. The password stays in this component's state only — the server
// never sends it back.
import { useActionState, useState } from "react";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/form-state";
import { signUp } from "./actions";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState(signUp, {} satisfies FormState);
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  return (
    <form action={action} className="flex flex-col gap-4" aria-label="Create account">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormError message={state.error} />
      <FormField label="Name" error={state.fieldErrors?.name}>
        <Input name="name" autoComplete="name" required value={name} onChange={(event) => setName(event.target.value)} />
      </FormField>
      <FormField label="Email" error={state.fieldErrors?.email}>
        <Input name="email" type="email" autoComplete="email" required value={email} onChange={(event) => setEmail(event.target.value)} />
      </FormField>
      <FormField
        label="Password"
        error={state.fieldErrors?.password}
        description="At least 10 characters and hard to guess: a few uncommon words work well. If something goes wrong it stays in this form; it is never sent back to you."
      >
        <Input name="password" type="password" autoComplete="new-password" required minLength={10} value={password} onChange={(event) => setPassword(event.target.value)} />
      </FormField>
      <SubmitButton>Create account</SubmitButton>
    </form>
  );
}
