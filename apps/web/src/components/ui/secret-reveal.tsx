"use client";
// The one time a secret (identity token, API key, webhook signing secret) is shown: Gatehouse
// keeps only a hash, so this box says so plainly, masks the value until asked, and copies it.
import { Eye, EyeOff, KeyRound } from "lucide-react";
import { type ReactNode, useId, useState } from "react";
import { cn } from "@/lib/utils";
import { Button } from "./button";
import { CopyButton } from "./copy-button";

type SecretRevealProps = {
  /** What the secret is: "API key", "Token". */
  label: string;
  value: string;
  /** Extra guidance under the warning (where to paste it, when it expires). */
  children?: ReactNode;
  /** Start with the value visible (e.g. right after the person asked to create it). */
  defaultVisible?: boolean;
  /** How Gatehouse keeps the secret, when not as a hash (e.g. webhook secrets are encrypted to sign with). */
  note?: string;
  className?: string;
};

/** "Token" → "token", but "API key" stays "API key" (an acronym keeps its capitals). */
function inSentence(label: string): string {
  return /^[A-Z]{2}/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

/** Keeps a recognisable prefix (`gthk_`, `gth_`) and masks the rest. */
export function maskSecret(value: string): string {
  const prefix = /^[a-z]+_/.exec(value)?.[0] ?? "";
  return `${prefix}${"•".repeat(Math.min(24, Math.max(8, value.length - prefix.length)))}`;
}

export function SecretReveal({ label, value, children, defaultVisible = false, className, note = "It is shown only once. Gatehouse stores a hash of it and cannot show it again." }: SecretRevealProps) {
  const [visible, setVisible] = useState(defaultVisible);
  const noun = inSentence(label);
  const titleId = useId();
  return (
    <section aria-labelledby={titleId} data-testid="secret-reveal" className={cn("flex flex-col gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4", className)}>
      <div className="flex items-start gap-2">
        <KeyRound aria-hidden className="mt-0.5 size-4 shrink-0 text-amber-700" />
        <div className="flex flex-col gap-0.5">
          <h3 id={titleId} className="text-sm font-semibold text-amber-950">
            Copy your {noun} now
          </h3>
          <p className="text-sm text-amber-900">{note}</p>
        </div>
      </div>
      <div className="flex items-center gap-1 rounded-md border border-amber-200 bg-white py-1 pr-1 pl-3">
        <code data-testid="secret-value" className={cn("min-w-0 flex-1 font-mono text-sm break-all", visible && "select-all")}>
          {visible ? value : <span aria-label={`${label}, hidden`} role="img">{maskSecret(value)}</span>}
        </code>
        <Button variant="ghost" size="icon" className="size-8" aria-pressed={visible} aria-label={`Show ${noun}`} onClick={() => setVisible(!visible)}>
          {visible ? <EyeOff aria-hidden /> : <Eye aria-hidden />}
        </Button>
        <CopyButton value={value} label={`Copy ${noun}`} toastMessage={`${label} copied`} />
      </div>
      {children && <div className="text-sm text-amber-900">{children}</div>}
    </section>
  );
}
