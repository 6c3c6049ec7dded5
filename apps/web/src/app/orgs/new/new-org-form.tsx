"use client";
import { useActionState } from "react";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/form-state";
import { createOrganization } from "./actions";

export function NewOrgForm() {
  const [state, action] = useActionState(createOrganization, {} satisfies FormState);
  return (
    <form action={action} className="flex flex-col gap-4" aria-label="New organization">
      <FormError message={state.error} />
      <FormField label="Organization name" error={state.fieldErrors?.name}>
        <Input name="name" required maxLength={80} defaultValue={state.values?.name} />
      </FormField>
      <SubmitButton>Create organization</SubmitButton>
    </form>
  );
}
