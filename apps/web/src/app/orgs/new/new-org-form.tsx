"use client";
import { useActionState } from "react";
import { Field, FormError, type FormState, SubmitButton } from "@/components/form-controls";
import { createOrganization } from "./actions";

export function NewOrgForm() {
  const [state, action] = useActionState(createOrganization, {} satisfies FormState);
  return (
    <form action={action} className="flex flex-col gap-3" aria-label="New organization">
      <FormError message={state.error} />
      <Field label="Organization name" name="name" required maxLength={80} errors={state.fieldErrors?.name} />
      <SubmitButton>Create organization</SubmitButton>
    </form>
  );
}
