"use client";
// Create a policy for one of the org's servers; it starts as a draft v1 and opens in the editor.
import { CreatePolicyInput, type PolicyDetailResponse } from "@gatehouse/shared";
import { useMutation } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input, fieldClasses } from "@/components/ui/input";
import { apiFetch } from "@/lib/api/api-fetch";
import { FORM_ERROR, type FieldErrors, fieldErrorsFromIssues, fieldErrorsOf } from "@/lib/field-errors";

export function NewPolicyDialog({ servers }: { servers: { id: string; name: string }[] }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation({
    mutationFn: (input: CreatePolicyInput) => apiFetch<PolicyDetailResponse>("/policies", { method: "POST", body: input }),
    onSuccess: (policy) => {
      toast.success(`Created ${policy.name}`);
      router.push(`/policies/${policy.id}`);
    },
    onError: (error) => setErrors(fieldErrorsOf(error)),
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = CreatePolicyInput.safeParse({
      serverId: form.get("serverId"),
      name: form.get("name"),
      document: { version: "1", default: form.get("default") === "allow" ? "allow" : "deny" },
    });
    if (!parsed.success) return setErrors(fieldErrorsFromIssues(parsed.error.issues));
    create.mutate(parsed.data);
  }
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button disabled={servers.length === 0}>
          <Plus aria-hidden /> New policy
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>New policy</DialogTitle>
          <DialogDescription>A policy belongs to one server. It starts as a draft; nothing is enforced until you publish it and attach it to grants.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} noValidate aria-label="New policy" className="space-y-3">
          <FormError message={errors[FORM_ERROR]} />
          <FormField label="Name" required error={errors.name}>
            <Input name="name" placeholder="flux agents" />
          </FormField>
          <FormField label="Server" required error={errors.serverId}>
            <select name="serverId" className={`${fieldClasses} h-9`}>
              {servers.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </FormField>
          <FormField label="Tools the policy does not list" error={errors.default}>
            <select name="default" className={`${fieldClasses} h-9`} defaultValue="deny">
              <option value="deny">Deny (recommended)</option>
              <option value="allow">Allow</option>
            </select>
          </FormField>
          <DialogFooter>
            <Button type="submit" loading={create.isPending}>
              Create policy
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
