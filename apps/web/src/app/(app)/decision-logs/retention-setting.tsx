"use client";
// How long decision logs are kept: shown to everyone, changed by admins in a small dialog
// (PATCH /decision-logs/settings). The retention job deletes older rows daily.
import { type DecisionLogSettingsResponse, UpdateDecisionLogSettingsInput } from "@gatehouse/shared";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { apiFetch } from "@/lib/api/api-fetch";
import { FORM_ERROR, type FieldErrors, fieldErrorsFromIssues, fieldErrorsOf } from "@/lib/field-errors";

export function RetentionSetting({ retentionDays, canChange }: { retentionDays: number; canChange: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(String(retentionDays));
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation({
    mutationFn: (input: UpdateDecisionLogSettingsInput) => apiFetch<DecisionLogSettingsResponse>("/decision-logs/settings", { method: "PATCH", body: input }),
    onSuccess: (settings) => {
      toast.success(`Decision logs are now kept ${settings.retentionDays} days`);
      setErrors({});
      setOpen(false);
      router.refresh();
    },
    onError: (error) => setErrors(fieldErrorsOf(error)),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = UpdateDecisionLogSettingsInput.safeParse({ retentionDays: Number(value) });
    if (!parsed.success) return setErrors(fieldErrorsFromIssues(parsed.error.issues));
    save.mutate(parsed.data);
  };
  const label = <span className="text-sm text-muted-foreground">Kept {retentionDays} days</span>;
  if (!canChange) return label;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <div className="flex items-center gap-2">
        {label}
        <DialogTrigger asChild>
          <Button variant="ghost" size="sm">
            Change
          </Button>
        </DialogTrigger>
      </div>
      <DialogContent>
        <form onSubmit={submit} noValidate aria-label="Decision log retention">
          <DialogHeader>
            <DialogTitle>Decision log retention</DialogTitle>
            <DialogDescription>Rows older than this are deleted once a day. The audit trail keeps its own, longer retention.</DialogDescription>
          </DialogHeader>
          <div className="my-4 flex flex-col gap-3">
            <FormError message={errors[FORM_ERROR]} />
            <FormField label="Days to keep" required error={errors.retentionDays}>
              <Input type="number" inputMode="numeric" min={1} max={3650} value={value} onChange={(e) => setValue(e.target.value)} />
            </FormField>
          </div>
          <DialogFooter>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
