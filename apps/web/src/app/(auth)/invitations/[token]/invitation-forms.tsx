"use client";
// The invitation page's two forms: accept (signed in as the invited address), and "email me a
// sign-in link" for that address — the sign-in mail path, which also creates the account.
import { useActionState } from "react";
import { FormError } from "@/components/ui/form-field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/form-state";
import { sendMagicLink } from "../../sign-in/actions";
import { acceptInvitationAction } from "./actions";

export function AcceptInvitationForm({ token, orgName }: { token: string; orgName: string }) {
  const [state, action] = useActionState<FormState, FormData>(acceptInvitationAction, {});
  return (
    <form action={action} aria-label="Accept invitation" className="flex flex-col gap-3">
      <FormError message={state.error} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton>Join {orgName}</SubmitButton>
    </form>
  );
}

export function EmailLinkForm({ email, callbackUrl }: { email: string; callbackUrl: string }) {
  const [state, action] = useActionState<FormState, FormData>(sendMagicLink, {});
  return (
    <form action={action} aria-label="Sign in to accept" className="flex flex-col gap-3">
      <FormError message={state.error ?? state.fieldErrors?.email} />
      <input type="hidden" name="email" value={email} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <SubmitButton>Email me a sign-in link</SubmitButton>
      <p className="text-xs text-muted-foreground">No account yet? The link creates one for {email}.</p>
    </form>
  );
}
