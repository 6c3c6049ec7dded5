"use client";
// The fields of an identity, shared by the create and edit dialogs.
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { FieldErrors } from "@/lib/field-errors";
import { type IdentityKind, KINDS, KIND_HINTS, KIND_LABELS } from "./identity-kinds";

type Props = {
  errors: FieldErrors;
  kind: IdentityKind;
  onKindChange: (kind: IdentityKind) => void;
  defaults?: { name?: string; description?: string; labels?: string };
};

export function IdentityFormFields({ errors, kind, onKindChange, defaults = {} }: Props) {
  return (
    <>
      <FormField label="Name" required error={errors.name} description="Unique in this organization, e.g. release-bot or ci-deploy.">
        <Input name="name" autoComplete="off" defaultValue={defaults.name} />
      </FormField>
      <FormField label="Kind" required error={errors.kind} description={KIND_HINTS[kind]}>
        {(control) => (
          <Select value={kind} onValueChange={(value) => onKindChange(value as IdentityKind)}>
            <SelectTrigger {...control}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {KINDS.map((value) => (
                <SelectItem key={value} value={value}>
                  {KIND_LABELS[value]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        )}
      </FormField>
      <FormField label="Description" error={errors.description}>
        <Textarea name="description" rows={2} defaultValue={defaults.description} />
      </FormField>
      <FormField label="Labels" error={errors.labels} description="One key=value per line, e.g. team=platform. Policies can match on labels.">
        <Textarea name="labels" rows={2} className="font-mono" defaultValue={defaults.labels} placeholder="team=platform" />
      </FormField>
    </>
  );
}
