"use client";
// Small form primitives shared by the sign-in, sign-up and organization forms.
import { type InputHTMLAttributes, type ReactNode, useId } from "react";
import { useFormStatus } from "react-dom";

export type FormState = { error?: string; fieldErrors?: Record<string, string[] | undefined>; email?: string };

export function Field({ label, name, errors, ...input }: { label: string; name: string; errors?: string[] | undefined } & InputHTMLAttributes<HTMLInputElement>) {
  // useId, not the name: the sign-in page has two forms with an "email" field.
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-zinc-700">
        {label}
      </label>
      <input
        id={id}
        name={name}
        className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20"
        aria-invalid={errors?.length ? true : undefined}
        {...input}
      />
      {errors?.map((message) => (
        <p key={message} className="text-xs text-red-600">
          {message}
        </p>
      ))}
    </div>
  );
}

export function SubmitButton({ children, variant = "primary" }: { children: ReactNode; variant?: "primary" | "secondary" }) {
  const { pending } = useFormStatus();
  const look =
    variant === "primary"
      ? "bg-indigo-600 text-white hover:bg-indigo-500 disabled:bg-indigo-400"
      : "border border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-50 disabled:text-zinc-400";
  return (
    <button type="submit" disabled={pending} className={`rounded-md px-3 py-2 text-sm font-medium shadow-xs transition ${look}`}>
      {pending ? "Working…" : children}
    </button>
  );
}

export function FormError({ message }: { message?: string | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" data-testid="form-error" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
      {message}
    </p>
  );
}
