"use client";
// "New identity": the form in a dialog, checked with the API's own schema first; on success the
// list is refreshed and the new identity's page opens (where its first token is minted).
import { CreateIdentityInput, type IdentityDetailResponse } from "@gatehouse/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-field";
import { apiFetch } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import { FORM_ERROR, type FieldErrors, fieldErrorsFromIssues, fieldErrorsOf } from "@/lib/field-errors";
import { IdentityFormFields } from "./identity-form-fields";
import type { IdentityKind } from "./identity-kinds";
import { foldLabelErrors, parseLabels } from "./labels-field";

export function CreateIdentityDialog() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [kind, setKind] = useState<IdentityKind>("agent");

  const create = useMutation({
    mutationFn: (input: CreateIdentityInput) => apiFetch<IdentityDetailResponse>("/identities", { method: "POST", body: input }),
    onSuccess: (identity) => {
      toast.success(`Created ${identity.name}`);
      setOpen(false);
      // The list refetches in the background; the new identity's page opens at once.
      void queryClient.invalidateQueries({ queryKey: queryKeys.identities.all });
      router.push(`/identities/${identity.id}`);
    },
    onError: (error) => setErrors(foldLabelErrors(fieldErrorsOf(error))),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const labels = parseLabels(String(form.get("labels") ?? ""));
    if ("error" in labels && typeof labels.error === "string") return setErrors({ labels: [labels.error] });
    const description = String(form.get("description") ?? "").trim();
    const parsed = CreateIdentityInput.safeParse({ name: form.get("name"), kind, labels, ...(description ? { description } : {}) });
    if (!parsed.success) return setErrors(foldLabelErrors(fieldErrorsFromIssues(parsed.error.issues)));
    setErrors({});
    create.mutate(parsed.data);
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setErrors({});
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden />
          New identity
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>New identity</DialogTitle>
          <DialogDescription>An agent, person or service that calls tools through the proxy. Mint its token on the next page.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} noValidate aria-label="New identity" className="flex flex-col gap-4">
          <FormError message={errors[FORM_ERROR]} />
          <IdentityFormFields errors={errors} kind={kind} onKindChange={setKind} />
          <DialogFooter>
            <Button type="submit" loading={create.isPending}>
              Create identity
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
