"use client";
import { useActionState } from "react";
import { Field, FormError, type FormState, SubmitButton } from "@/components/form-controls";
import { sendMagicLink } from "./actions";

export function MagicLinkForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState(sendMagicLink, {} satisfies FormState);
  return (
    <form action={action} className="flex flex-col gap-3" aria-label="Sign in with email link">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormError message={state.error} />
      <Field label="Email" name="email" type="email" autoComplete="email" required errors={state.fieldErrors?.email} />
      <SubmitButton variant="secondary">Email me a sign-in link</SubmitButton>
    </form>
  );
}
