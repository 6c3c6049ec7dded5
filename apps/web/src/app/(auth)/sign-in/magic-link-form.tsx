"use client";
import { useActionState } from "react";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/form-state";
import { sendMagicLink } from "./actions";

export function MagicLinkForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState(sendMagicLink, {} satisfies FormState);
  return (
    <form action={action} className="flex flex-col gap-4" aria-label="Sign in with email link">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormError message={state.error} />
      <FormField label="Email" error={state.fieldErrors?.email}>
        <Input name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} key={state.values?.email} />
      </FormField>
      <SubmitButton variant="secondary">Email me a sign-in link</SubmitButton>
    </form>
  );
}
