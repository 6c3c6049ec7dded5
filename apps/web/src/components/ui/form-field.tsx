"use client";
// FormField: a label, one control, an optional hint and the field's validation message, wired
// for assistive technology — the control gets its id, aria-invalid when there is an error, and
// aria-describedby naming the hint and the message, so a screen reader reads the error when the
// field is focused. Pass the control as the only child; FormField adds the attributes to it.
//
//   <FormField label="Name" error={errors.name}>
//     <Input name="name" defaultValue={values.name} />
//   </FormField>
//
// When the element that takes the attributes is not the outermost one (a Select's trigger sits
// inside <Select>), pass a function instead and spread what it receives onto that element:
//
//   <FormField label="Role" error={errors.role}>
//     {(control) => (
//       <Select name="role"><SelectTrigger {...control}><SelectValue /></SelectTrigger>…</Select>
//     )}
//   </FormField>
//
// `error` takes what lib/field-errors produces (a string or a list of them).
import { Slot } from "@radix-ui/react-slot";
import { CircleAlert } from "lucide-react";
import { type ReactElement, type ReactNode, useId } from "react";
import { cn } from "@/lib/utils";
import { Label } from "./label";

/** The attributes FormField gives its control. */
export type FormControlProps = {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
  "aria-required": true | undefined;
};

type FormFieldProps = {
  label: ReactNode;
  children: ReactElement | ((control: FormControlProps) => ReactNode);
  error?: string | readonly string[] | undefined;
  description?: ReactNode;
  required?: boolean;
  className?: string;
  /** For a Checkbox or Switch: control first, label beside it. */
  inline?: boolean;
};

export function FormField({ label, children, error, description, required = false, className, inline = false }: FormFieldProps) {
  const id = useId();
  const messages = error === undefined ? [] : typeof error === "string" ? [error] : error;
  const invalid = messages.length > 0;
  const descriptionId = description ? `${id}-description` : undefined;
  const errorId = invalid ? `${id}-error` : undefined;
  const describedBy = [descriptionId, errorId].filter(Boolean).join(" ") || undefined;

  const controlProps: FormControlProps = {
    id,
    "aria-invalid": invalid || undefined,
    "aria-describedby": describedBy,
    "aria-required": required || undefined,
  };
  const control = typeof children === "function" ? children(controlProps) : <Slot {...controlProps}>{children}</Slot>;
  // The asterisk sits outside <label> so it is not part of the field's name; aria-required says it.
  const labelNode = (
    <span className="flex items-baseline gap-0.5">
      <Label htmlFor={id}>{label}</Label>
      {required && (
        <span aria-hidden className="text-sm text-red-700">
          *
        </span>
      )}
    </span>
  );

  return (
    <div className={cn("flex flex-col gap-1.5", className)} data-invalid={invalid || undefined}>
      {inline ? (
        <div className="flex items-center gap-2">
          {control}
          {labelNode}
        </div>
      ) : (
        <>
          {labelNode}
          {control}
        </>
      )}
      {description && (
        <p id={descriptionId} className="text-xs text-muted-foreground">
          {description}
        </p>
      )}
      {invalid && (
        <div id={errorId} data-testid="field-error" className="flex flex-col gap-0.5 text-xs text-red-700">
          {messages.map((message) => (
            <p key={message} className="flex items-start gap-1">
              <CircleAlert aria-hidden className="mt-px size-3.5 shrink-0" />
              <span>{message}</span>
            </p>
          ))}
        </div>
      )}
    </div>
  );
}

/** A message about the whole form (not one field): announced when it appears. */
export function FormError({ message, className }: { message?: string | readonly string[] | undefined; className?: string }) {
  const messages = message === undefined ? [] : typeof message === "string" ? [message] : message;
  if (messages.length === 0) return null;
  return (
    <div role="alert" data-testid="form-error" className={cn("rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800", className)}>
      {messages.join(" ")}
    </div>
  );
}
