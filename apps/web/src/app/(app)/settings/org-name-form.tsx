"use client";
// Rename the organization: PATCH /api/v1/org, checked first with the API's own schema.
import { type OrgResponse, UpdateOrgInput } from "@gatehouse/shared";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { apiFetch } from "@/lib/api/api-fetch";
import { FORM_ERROR, type FieldErrors, fieldErrorsFromIssues, fieldErrorsOf } from "@/lib/field-errors";

export function OrgNameForm({ name }: { name: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const rename = useMutation({
    mutationFn: (input: UpdateOrgInput) => apiFetch<OrgResponse>("/org", { method: "PATCH", body: input }),
    onSuccess: (org) => {
      setErrors({});
      toast.success(`Renamed to ${org.name}`);
      // The switcher in the header is rendered on the server.
      router.refresh();
    },
    onError: (error) => setErrors(fieldErrorsOf(error)),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = UpdateOrgInput.safeParse({ name: new FormData(event.currentTarget).get("name") });
    if (!parsed.success) return setErrors(fieldErrorsFromIssues(parsed.error.issues));
    rename.mutate(parsed.data);
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Rename organization" className="flex max-w-md flex-col gap-3">
      <FormError message={errors[FORM_ERROR]} />
      <FormField label="Organization name" required error={errors.name}>
        <Input name="name" defaultValue={name} maxLength={80} autoComplete="organization" />
      </FormField>
      <div>
        <Button type="submit" loading={rename.isPending}>
          Save name
        </Button>
      </div>
    </form>
  );
}
