"use client";
// The submit button of a server-action form (<form action={…}>): shows the pending state of the
// form it sits in. Forms driven by a react-query mutation use <Button loading={mutation.isPending}>.
import { useFormStatus } from "react-dom";
import { Button, type ButtonProps } from "./button";

export function SubmitButton({ children, ...props }: Omit<ButtonProps, "type" | "loading">) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" loading={pending} {...props}>
      {children}
    </Button>
  );
}
